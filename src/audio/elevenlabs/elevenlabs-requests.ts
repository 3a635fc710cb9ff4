/**
 * What libero asks ElevenLabs for, as plain data, and the SDK request objects built from it
 * (pure). The SDK takes camelCase and serialises to the wire's snake_case; it silently drops
 * keys it does not know, so these builders are the one place the field names are written.
 */
import type { VoiceSettings } from '../audio-cue.js';

/** Default audio format: 44.1 kHz MP3 at 128 kbps, available on every plan. */
export const DEFAULT_OUTPUT_FORMAT = 'mp3_44100_128';

/** One text-to-speech line. */
export interface SpeechRequest {
  readonly voiceId: string;
  readonly text: string;
  readonly modelId: string;
  readonly settings: VoiceSettings;
  readonly previousText: string | null;
  readonly nextText: string | null;
  /** ISO 639-1; only sent for models that use it (not multilingual v2, which ignores it). */
  readonly languageCode: string | null;
  readonly outputFormat: string;
}

/** One speech-to-speech conversion of a scratch read. */
export interface ConvertRequest {
  readonly voiceId: string;
  /** The scratch recording's bytes and file name. */
  readonly audio: Buffer;
  readonly fileName: string;
  readonly modelId: string;
  readonly settings: VoiceSettings;
  readonly outputFormat: string;
}

/** One score cue. */
export interface MusicRequest {
  readonly prompt: string;
  /** Exact length in milliseconds (3,000..600,000 for the current API). */
  readonly lengthMs: number;
  readonly instrumental: boolean;
  readonly modelId: string;
  readonly outputFormat: string;
}

/** The SDK's camelCase voice settings. */
export interface SdkVoiceSettings {
  stability: number;
  similarityBoost: number;
  style: number;
  useSpeakerBoost?: boolean;
  speed?: number;
}

/** Voice settings in the SDK's shape; nulls are left out so the voice's stored value applies. */
export function sdkVoiceSettings(settings: VoiceSettings): SdkVoiceSettings {
  return {
    stability: settings.stability,
    similarityBoost: settings.similarityBoost,
    style: settings.style,
    ...(settings.useSpeakerBoost === null ? {} : { useSpeakerBoost: settings.useSpeakerBoost }),
    ...(settings.speed === null ? {} : { speed: settings.speed }),
  };
}

/** Voice settings as the wire's JSON string (speech-to-speech sends them as a form field). */
export function wireVoiceSettingsJson(settings: VoiceSettings): string {
  return JSON.stringify({
    stability: settings.stability,
    similarity_boost: settings.similarityBoost,
    style: settings.style,
    ...(settings.useSpeakerBoost === null ? {} : { use_speaker_boost: settings.useSpeakerBoost }),
    ...(settings.speed === null ? {} : { speed: settings.speed }),
  });
}

/** Models that ignore `language_code`: sending it is harmless but noise. */
const LANGUAGE_FREE_MODELS: ReadonlySet<string> = new Set(['eleven_multilingual_v2']);

/** The SDK request for `textToSpeech.convertWithTimestamps`. */
export function sdkSpeechRequest(request: SpeechRequest) {
  return {
    text: request.text,
    modelId: request.modelId,
    voiceSettings: sdkVoiceSettings(request.settings),
    outputFormat: request.outputFormat,
    ...(request.previousText === null ? {} : { previousText: request.previousText }),
    ...(request.nextText === null ? {} : { nextText: request.nextText }),
    ...(request.languageCode === null || LANGUAGE_FREE_MODELS.has(request.modelId)
      ? {}
      : { languageCode: request.languageCode }),
  } as const;
}

/** The SDK request for `music.compose`. */
export function sdkMusicRequest(request: MusicRequest) {
  return {
    prompt: request.prompt,
    musicLengthMs: request.lengthMs,
    modelId: request.modelId,
    forceInstrumental: request.instrumental,
    outputFormat: request.outputFormat,
  } as const;
}
