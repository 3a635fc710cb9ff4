/**
 * The audio use-case: a loaded timeline's voice-over and score cues become audio (from the
 * cache when their key is there, which sends nothing to any vendor), are mixed (score ducked
 * under the voice) and loudness-normalised into one WAV for the master, with an SRT of the
 * lines. The mix itself is content-addressed too, so a second run does no work.
 *
 * ```
 * timeline ─readAudioCues─▶ cues ─stitch─▶ key per cue ─cache hit?─▶ file
 *                                                       └─miss─▶ backend.speak/compose ─▶ cache
 * files + places ─key─▶ mix cache hit? ─miss─▶ mixAudio (2-pass loudnorm) ─▶ .libero/cache/…/KEY.wav
 * ```
 * A cue that fails (401, 422, quota, retries exhausted) is reported as an event and in the
 * result, and the mix is made without it; cancellation (ABORTED) stops everything.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  AudioCache,
  audioKey,
  estimatedAlignment,
  mixAudio,
  measureLoudness,
  readAudioCues,
  stitchVoiceCues,
  subtitlesSrt,
  DEFAULT_CUE_DEFAULTS,
  DEFAULT_DUCKING,
  STREAMING_LOUDNESS,
  BROADCAST_LOUDNESS,
  LOSSY_HEADROOM_DB,
} from '../audio/index.js';
import type {
  AudioBackend,
  CueDefaults,
  CueProblem,
  Ducking,
  LoudnessMeasurement,
  LoudnessTarget,
  MixInput,
  ScoreCue,
  StitchedVoiceCue,
  TimedLine,
} from '../audio/index.js';
import type { ProjectConfig } from '../config/index.js';
import { probeMedia } from '../media/index.js';
import type { Timeline } from '../timeline/index.js';
import type { AudioEvent } from './audio-event.js';
import { produceCue } from './audio-produce-cue.js';
import type { CueOutcome, ProducedCue } from './audio-produce-cue.js';
import { writeFileAtomic } from '../shared/index.js';

/** Version of the mix recipe (graph, headroom); bumping it re-mixes from cached cues only. */
const MIX_RECIPE = 'mix-2';

/** How the audio is made (the project file has no audio section yet; these are the defaults). */
export interface AudioSettings {
  /** -14 LUFS / -1 dBTP by default; BROADCAST_LOUDNESS for -23. */
  readonly loudness: LoudnessTarget;
  readonly ducking: Ducking;
  readonly cueDefaults: CueDefaults;
  /** Cues produced at once (ElevenLabs plans allow 2 to 15 concurrent requests). */
  readonly concurrency: number;
}

/** The defaults: streaming loudness, ~12 dB ducking, the production's voice, 2 at a time. */
export const DEFAULT_AUDIO_SETTINGS: AudioSettings = {
  loudness: STREAMING_LOUDNESS,
  ducking: DEFAULT_DUCKING,
  cueDefaults: DEFAULT_CUE_DEFAULTS,
  concurrency: 2,
};

/** The cue defaults with the project's narrator voice (libero.json `audio.voice`) when it names one. */
export function cueDefaultsFor(config: ProjectConfig, base: CueDefaults): CueDefaults {
  return config.audio.voice === null ? base : { ...base, voice: config.audio.voice };
}

/** -14 LUFS / -1 dBTP (streaming), for callers that may import only src/pipeline. */
export const STREAMING_LOUDNESS_TARGET: LoudnessTarget = STREAMING_LOUDNESS;
/** -23 LUFS / -1 dBTP (EBU R128 broadcast). */
export const BROADCAST_LOUDNESS_TARGET: LoudnessTarget = BROADCAST_LOUDNESS;

/** Options for {@link produceAudio}. */
export interface ProduceAudioOptions {
  readonly timeline: Timeline;
  /** The timeline's folder (scratch paths are relative to it; `.libero/` lives in it). */
  readonly projectDir: string;
  readonly config: ProjectConfig;
  readonly settings: AudioSettings;
  /** From {@link audioBackendFor} (ElevenLabs or the draft). */
  readonly backend: AudioBackend;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: AudioEvent) => void) | null;
}

/** What an audio run produced. */
export interface AudioResult {
  readonly backend: 'elevenlabs' | 'draft';
  /** The normalised mix for the master (48 kHz stereo WAV), or null when there are no cues. */
  readonly mixFile: string | null;
  /** Subtitles of the voice-over lines, or null when there are none. */
  readonly srtFile: string | null;
  /** EBU R128 measurement of the mix file. */
  readonly loudness: LoudnessMeasurement | null;
  /** The mix is silence (nothing audible): written as it is, no loudness pass was attempted. */
  readonly silent: boolean;
  readonly cues: readonly CueOutcome[];
  readonly problems: readonly CueProblem[];
  /** What this run cost at the vendor (cached cues cost nothing). */
  readonly spent: {
    readonly characters: number;
    readonly musicSeconds: number;
    readonly requests: number;
  };
  /** Length of the master, seconds. */
  readonly duration: number;
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export type { CueOutcome } from './audio-produce-cue.js';

/** Size, modification time and audio stream of a file, or null when it has no audio. */
async function audioFileIdentity(path: string): Promise<string | null> {
  try {
    const facts = await stat(path);
    const probed = await probeMedia(path);
    if (!probed.streams.some((stream) => stream.kind === 'audio')) return null;
    return `${path}:${facts.size}:${facts.mtimeMs}`;
  } catch {
    return null;
  }
}

/** Produces every cue, the SRT and the mix. Rejects only on cancellation or a broken disk. */
export async function produceAudio(options: ProduceAudioOptions): Promise<AudioResult> {
  const { backend, settings, signal } = options;
  const emit = (event: AudioEvent): void => options.onEvent?.(event);
  const liberoDir = join(options.projectDir, '.libero');
  const cache = new AudioCache(liberoDir);
  const cues = readAudioCues({
    timeline: options.timeline,
    projectDir: options.projectDir,
    defaults: cueDefaultsFor(options.config, settings.cueDefaults),
  });
  const voices = stitchVoiceCues(cues.voice);
  emit({
    type: 'audio-cues',
    backend: backend.name,
    host: backend.host,
    voice: voices.length,
    score: cues.score.length,
    problems: cues.problems,
  });

  const produce = (cue: StitchedVoiceCue | ScoreCue): Promise<ProducedCue> =>
    produceCue({ cue, backend, cache, signal, emit });

  const produced = await mapLimit<StitchedVoiceCue | ScoreCue, ProducedCue>(
    [...voices, ...cues.score],
    settings.concurrency,
    produce,
  );
  const voiceProduced = produced.slice(0, voices.length);
  const duration = cues.duration;

  // Subtitles: vendor timings, or an even spread over the audio for lines without them.
  const lines: TimedLine[] = [];
  for (const [i, p] of voiceProduced.entries()) {
    const cue = voices[i];
    if (cue === undefined || p.outcome.file === null) continue;
    const alignment =
      p.alignment ??
      estimatedAlignment(cue.text, (await probeMedia(p.outcome.file)).duration ?? cue.duration);
    lines.push({ start: cue.start, alignment });
  }
  const outDir = join(options.projectDir, options.config.outputFolder);
  let srtFile: string | null = null;
  if (lines.length > 0) {
    srtFile = join(outDir, 'voiceover.srt');
    await writeFileAtomic(srtFile, subtitlesSrt(lines));
  }

  const inputs: MixInput[] = [];
  produced.forEach((p, i) => {
    if (p.outcome.file === null) return;
    if (i < voices.length)
      inputs.push({
        role: 'voice',
        path: p.outcome.file,
        start: voices[i]?.start ?? 0,
        duration: null,
      });
    else {
      const cue = cues.score[i - voices.length];
      if (cue !== undefined)
        inputs.push({
          role: 'score',
          path: p.outcome.file,
          start: cue.start,
          duration: cue.duration,
        });
    }
  });

  // The editor's own audio clips (no cue) stay in the mix, keyed by their file's identity.
  const problems: CueProblem[] = [...cues.problems];
  const identities = new Map<string, string>();
  for (const clip of cues.clips) {
    const identity = await audioFileIdentity(clip.path);
    if (identity === null) {
      problems.push({
        source: clip.source,
        message: `its media ${clip.path} is missing or has no audio; it is left out of the mix`,
      });
      continue;
    }
    identities.set(clip.path, identity);
    inputs.push({ role: 'clip', ...clip });
  }

  let mixFile: string | null = null;
  let loudness: LoudnessMeasurement | null = null;
  let silent = false;
  if (inputs.some((input) => input.role !== 'clip')) {
    const mixKey = audioKey({
      recipe: MIX_RECIPE,
      headroom: LOSSY_HEADROOM_DB,
      mix: inputs.map((m) =>
        m.role === 'clip'
          ? { ...m, path: identities.get(m.path) }
          : { ...m, path: m.path.slice(cache.root.length) },
      ),
      duration,
      loudness: settings.loudness,
      ducking: settings.ducking,
    });
    const hit = await cache.lookup(mixKey, 'wav');
    if (hit !== null) {
      mixFile = hit.path;
      loudness = await measureLoudness(hit.path, signal);
      silent = hit.provenance['silent'] === true;
      emit({ type: 'audio-mixed', file: mixFile, cached: true, loudness, silent });
    } else {
      mixFile = cache.pathFor(mixKey, 'wav');
      await mkdir(dirname(mixFile), { recursive: true });
      const mixed = await mixAudio({
        inputs,
        total: duration,
        ducking: settings.ducking,
        loudness: settings.loudness,
        target: mixFile,
        signal,
        onProgress: (pass, seconds) =>
          emit({ type: 'audio-mix-progress', pass, seconds, total: duration }),
      });
      loudness = mixed.measured;
      silent = mixed.silent;
      await writeFileAtomic(
        cache.sidecarFor(mixKey),
        JSON.stringify(
          {
            key: mixKey,
            kind: 'mix',
            inputs,
            duration,
            loudnessTarget: settings.loudness,
            ducking: settings.ducking,
            measured: loudness,
            silent,
          },
          null,
          2,
        ) + '\n',
      );
      emit({ type: 'audio-mixed', file: mixFile, cached: false, loudness, silent });
    }
  }

  return {
    backend: backend.name,
    mixFile,
    srtFile,
    loudness,
    silent,
    cues: produced.map((p) => p.outcome),
    problems,
    spent: {
      characters: produced.reduce((sum, p) => sum + p.outcome.characters, 0),
      musicSeconds: produced.reduce((sum, p) => sum + p.musicMs, 0) / 1000,
      requests: produced.reduce((sum, p) => sum + p.requests, 0),
    },
    duration,
  };
}
