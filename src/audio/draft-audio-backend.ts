/**
 * Cues offline: lines spoken by eSpeak-NG (or, when the cue has a scratch read, the scratch
 * itself, which is a real reading), score cues as the synthesised draft bed. Nothing leaves the
 * machine and nothing is billed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../media/index.js';
import type { AudioBackend } from './audio-backend.js';
import { DRAFT_SCORE_VERSION, MIX_SAMPLE_RATE, draftScoreJob } from './draft-score-job.js';
import { DRAFT_VOICE_ENGINE, draftVoiceFor, speakDraft, wavSeconds } from './draft-voice.js';
import { estimatedAlignment } from './subtitles-srt.js';

/** Options for {@link draftAudioBackend}. */
export interface DraftAudioBackendOptions {
  /** eSpeak voice for every line, or null for the cue language's male voice (`it+m3`). */
  readonly voice: string | null;
  readonly wordsPerMinute: number;
}

/** Narrator pace of the draft voice. */
export const DRAFT_WORDS_PER_MINUTE = 150;

async function viaTempFile<T>(
  run: (path: string) => Promise<void>,
  read: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'libero-audio-'));
  try {
    const path = join(dir, 'out.wav');
    await run(path);
    return await read(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The backend. */
export function draftAudioBackend(options: DraftAudioBackendOptions): AudioBackend {
  const voiceFor = (language: string): string => options.voice ?? draftVoiceFor(language);
  return {
    name: 'draft',
    host: 'local',
    ext: 'wav',
    voiceKey(cue, scratchHash) {
      return cue.scratch === null
        ? {
            engine: DRAFT_VOICE_ENGINE,
            voice: voiceFor(cue.language),
            wpm: options.wordsPerMinute,
            text: cue.text,
          }
        : { engine: 'scratch', scratch: scratchHash };
    },
    scoreKey(cue) {
      return { engine: DRAFT_SCORE_VERSION, prompt: cue.prompt, duration: cue.duration };
    },
    async speak(cue, signal) {
      let bytes: Buffer;
      if (cue.scratch !== null) {
        const scratch = cue.scratch;
        bytes = await viaTempFile(
          (target) =>
            runFfmpeg({
              job: {
                inputs: [{ source: scratch, options: [] }],
                filterComplex: null,
                outputs: [
                  { target, options: ['-vn', '-c:a', 'pcm_s16le', '-ar', String(MIX_SAMPLE_RATE)] },
                ],
              },
              signal,
              onProgress: null,
            }).then(() => undefined),
          (path) => readFile(path),
        );
      } else {
        bytes = await speakDraft({
          text: cue.text,
          voice: voiceFor(cue.language),
          wordsPerMinute: options.wordsPerMinute,
          source: cue.source,
        });
      }
      return {
        bytes,
        alignment: estimatedAlignment(cue.text, wavSeconds(bytes)),
        characters: 0,
        musicMs: 0,
        requestId: null,
        attempts: 0,
        facts:
          cue.scratch === null
            ? { engine: DRAFT_VOICE_ENGINE, voice: voiceFor(cue.language) }
            : { engine: 'scratch', scratch: cue.scratch },
      };
    },
    async compose(cue, signal) {
      const bytes = await viaTempFile(
        (target) =>
          runFfmpeg({
            job: draftScoreJob({ prompt: cue.prompt, duration: cue.duration, target }),
            signal,
            onProgress: null,
          }).then(() => undefined),
        (path) => readFile(path),
      );
      return {
        bytes,
        alignment: null,
        characters: 0,
        musicMs: 0,
        requestId: null,
        attempts: 0,
        facts: { engine: DRAFT_SCORE_VERSION },
      };
    },
  };
}
