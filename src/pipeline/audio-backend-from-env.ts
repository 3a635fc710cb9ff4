/**
 * Picks the audio backend from the environment: ElevenLabs when ELEVENLABS_API_KEY is set
 * (ELEVENLABS_BASE_URL for a regional endpoint or a test server, ELEVENLABS_VOICE_ID for cues
 * that name no voice when libero.json names no `audio.voice`, else DEFAULT_ELEVENLABS_VOICE_ID),
 * else the offline draft. The key is read here and handed to the client
 * only; it is never put in an event, a message or a file.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  DEFAULT_RETRY_POLICY,
  createElevenLabsClient,
  draftAudioBackend,
  elevenLabsAudioBackend,
  DEFAULT_ELEVENLABS_VOICE_ID,
  DRAFT_WORDS_PER_MINUTE,
} from '../audio/index.js';
import type { AudioBackend, RetryPolicy } from '../audio/index.js';
import { LiberoError } from '../shared/index.js';
import type { AudioEvent } from './audio-event.js';

/** The audio part of the environment. */
export interface AudioEnv {
  readonly apiKey: string | null;
  readonly baseUrl: string | null;
  readonly voiceId: string | null;
  /** LIBERO_DRAFT_VOICE: an eSpeak voice for every draft line (`it+m3` by default per language). */
  readonly draftVoice: string | null;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}

/** Reads the audio variables; a malformed base URL is CONFIG_INVALID. */
export function audioEnvFrom(env: NodeJS.ProcessEnv): AudioEnv {
  const baseUrl = nonEmpty(env['ELEVENLABS_BASE_URL']);
  if (baseUrl !== null && !URL.canParse(baseUrl)) {
    throw new LiberoError(
      'CONFIG_INVALID',
      `ELEVENLABS_BASE_URL is not a URL: "${baseUrl}" (e.g. https://api.eu.residency.elevenlabs.io).`,
      {
        details: { variable: 'ELEVENLABS_BASE_URL' },
      },
    );
  }
  return {
    apiKey: nonEmpty(env['ELEVENLABS_API_KEY']),
    baseUrl,
    voiceId: nonEmpty(env['ELEVENLABS_VOICE_ID']),
    draftVoice: nonEmpty(env['LIBERO_DRAFT_VOICE']),
  };
}

/** Options for {@link audioBackendFor}. */
export interface AudioBackendForOptions {
  readonly env: AudioEnv;
  readonly retry: RetryPolicy | null;
  /** Where retry decisions are reported (the key is never part of them). */
  readonly onEvent: ((event: AudioEvent) => void) | null;
}

async function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  await delay(ms, undefined, signal === null ? {} : { signal });
}

/** ElevenLabs when a key is set, else the draft backend. */
export function audioBackendFor(options: AudioBackendForOptions): AudioBackend {
  const { env } = options;
  if (env.apiKey === null) {
    return draftAudioBackend({ voice: env.draftVoice, wordsPerMinute: DRAFT_WORDS_PER_MINUTE });
  }
  const api = createElevenLabsClient({
    apiKey: env.apiKey,
    baseUrl: env.baseUrl,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    timeoutSeconds: 240,
    sleep,
    now: () => Date.now(),
    random: () => Math.random(),
    onRetry: (e) =>
      options.onEvent?.({
        type: 'audio-retry',
        endpoint: e.endpoint,
        attempt: e.attempt,
        status: e.failure.status,
        delayMs: e.delayMs,
      }),
  });
  // libero.json audio.voice reaches the cues themselves (cueDefaults); this is the fallback.
  return elevenLabsAudioBackend({
    api,
    defaultVoiceId: env.voiceId ?? DEFAULT_ELEVENLABS_VOICE_ID,
  });
}
