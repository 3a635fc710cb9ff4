/**
 * Cues through ElevenLabs: text-to-speech with timestamps (stitched by text), speech-to-speech
 * when the cue points at a scratch read (the production's preferred path), music of the cue's
 * length. Vendor limits are checked before anything is sent.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type { AudioBackend } from './audio-backend.js';
import { DEFAULT_MUSIC_MODEL, DEFAULT_STS_MODEL } from './audio-cue.js';
import type { ScoreCue, StitchedVoiceCue } from './audio-cue.js';
import type { ElevenLabsApi } from './elevenlabs/elevenlabs-client.js';
import { DEFAULT_OUTPUT_FORMAT } from './elevenlabs/elevenlabs-requests.js';

/** Music length the current API accepts, ms. */
export const MUSIC_LENGTH_MS = { min: 3000, max: 600_000 } as const;

/**
 * Characters per text-to-speech request (docs `models.mdx`, 2025-08); a longer line fails
 * before anything is sent. Models not listed are left to the vendor to judge.
 */
export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  eleven_multilingual_v2: 10_000,
  eleven_flash_v2_5: 40_000,
  eleven_turbo_v2_5: 40_000,
  eleven_flash_v2: 30_000,
  eleven_turbo_v2: 30_000,
  eleven_v3: 3_000,
};

/**
 * The voice of lines that name none when neither libero.json `audio.voice` nor
 * ELEVENLABS_VOICE_ID does: "George" (warm British narrator, multilingual), one of ElevenLabs'
 * default ("premade") voices that every account can use without adding it, and the voice of the
 * official JS SDK's README examples.
 */
export const DEFAULT_ELEVENLABS_VOICE_ID = 'JBFqnCBsd6RMkjVDRZzb';

/** Options for {@link elevenLabsAudioBackend}. */
export interface ElevenLabsAudioBackendOptions {
  readonly api: ElevenLabsApi;
  /** Voice for cues that name none: ELEVENLABS_VOICE_ID, else DEFAULT_ELEVENLABS_VOICE_ID. */
  readonly defaultVoiceId: string;
}

/** The STS model for a cue: its own when it names one, else multilingual STS v2 (the twin of multilingual v2). */
export function stsModelFor(ttsModel: string): string {
  return ttsModel.includes('_sts_') ? ttsModel : DEFAULT_STS_MODEL;
}

/** Music length for a cue: its length, raised to the vendor's minimum (the mix trims it). */
export function musicLengthMs(cue: ScoreCue): number {
  const ms = Math.round(cue.duration * 1000);
  if (ms > MUSIC_LENGTH_MS.max) {
    throw new LiberoError(
      'AUDIO_CUE_INVALID',
      `Score cue ${cue.source} is ${cue.duration.toFixed(1)} s long; ElevenLabs composes at most ${MUSIC_LENGTH_MS.max / 1000} s. Split it into several clips.`,
      { details: { cue: cue.id, duration: cue.duration } },
    );
  }
  return Math.max(MUSIC_LENGTH_MS.min, ms);
}

/** The backend. */
export function elevenLabsAudioBackend(options: ElevenLabsAudioBackendOptions): AudioBackend {
  const { api } = options;
  const voiceOf = (cue: StitchedVoiceCue): string => cue.voice ?? options.defaultVoiceId;
  return {
    name: 'elevenlabs',
    host: api.host,
    ext: 'mp3',
    voiceKey(cue, scratchHash) {
      const common = {
        vendor: 'elevenlabs',
        voice: voiceOf(cue),
        settings: cue.settings,
        outputFormat: DEFAULT_OUTPUT_FORMAT,
      };
      return cue.scratch === null
        ? {
            ...common,
            endpoint: 'text-to-speech/with-timestamps',
            model: cue.model,
            text: cue.text,
            previousText: cue.previousText,
            nextText: cue.nextText,
          }
        : {
            ...common,
            endpoint: 'speech-to-speech',
            model: stsModelFor(cue.model),
            scratch: scratchHash,
          };
    },
    scoreKey(cue) {
      return {
        vendor: 'elevenlabs',
        endpoint: 'music',
        model: DEFAULT_MUSIC_MODEL,
        prompt: cue.prompt,
        instrumental: cue.instrumental,
        lengthMs: musicLengthMs(cue),
        outputFormat: DEFAULT_OUTPUT_FORMAT,
      };
    },
    async speak(cue, signal) {
      const voiceId = voiceOf(cue);
      if (cue.scratch !== null) {
        const model = stsModelFor(cue.model);
        const result = await api.speechToSpeech(
          {
            voiceId,
            audio: await readFile(cue.scratch),
            fileName: basename(cue.scratch),
            modelId: model,
            settings: cue.settings,
            outputFormat: DEFAULT_OUTPUT_FORMAT,
          },
          signal,
        );
        return {
          bytes: result.audio,
          alignment: null,
          characters: result.characterCost ?? 0,
          musicMs: 0,
          requestId: result.requestId,
          attempts: result.attempts,
          facts: { endpoint: 'speech-to-speech', model, voice: voiceId, scratch: cue.scratch },
        };
      }
      const limit = TEXT_LIMITS[cue.model];
      if (limit !== undefined && cue.text.length > limit) {
        throw new LiberoError(
          'AUDIO_CUE_INVALID',
          `Voice-over cue ${cue.source} has ${cue.text.length} characters; ${cue.model} takes at most ${limit} per request. Split the line over several clips.`,
          { details: { cue: cue.id, characters: cue.text.length, limit } },
        );
      }
      const result = await api.textToSpeech(
        {
          voiceId,
          text: cue.text,
          modelId: cue.model,
          settings: cue.settings,
          previousText: cue.previousText,
          nextText: cue.nextText,
          languageCode: cue.language,
          outputFormat: DEFAULT_OUTPUT_FORMAT,
        },
        signal,
      );
      return {
        bytes: result.audio,
        alignment: result.alignment,
        characters: result.characterCost ?? cue.text.length,
        musicMs: 0,
        requestId: result.requestId,
        attempts: result.attempts,
        facts: { endpoint: 'text-to-speech/with-timestamps', model: cue.model, voice: voiceId },
      };
    },
    async compose(cue, signal) {
      const lengthMs = musicLengthMs(cue);
      const result = await api.composeMusic(
        {
          prompt: cue.prompt,
          lengthMs,
          instrumental: cue.instrumental,
          modelId: DEFAULT_MUSIC_MODEL,
          outputFormat: DEFAULT_OUTPUT_FORMAT,
        },
        signal,
      );
      return {
        bytes: result.audio,
        alignment: null,
        characters: result.characterCost ?? 0,
        musicMs: lengthMs,
        requestId: result.requestId,
        attempts: result.attempts,
        facts: { endpoint: 'music', model: DEFAULT_MUSIC_MODEL, lengthMs },
      };
    },
  };
}
