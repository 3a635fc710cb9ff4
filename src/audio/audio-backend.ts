/**
 * The port through which cues become audio: ElevenLabs or the offline draft. The pipeline
 * knows only this interface; the cache key of a cue is what `voiceKey` / `scoreKey` return, so
 * each backend states exactly what determines its output.
 */
import type { ScoreCue, StitchedVoiceCue } from './audio-cue.js';
import type { Alignment } from './elevenlabs/timestamps-response.js';

/** Audio made for one cue. */
export interface ProducedAudio {
  readonly bytes: Buffer;
  /** Character timings of the spoken text, or null (speech-to-speech, music). */
  readonly alignment: Alignment | null;
  /** Characters the vendor billed (its `character-cost` header, else the text's length); 0 offline. */
  readonly characters: number;
  /** Milliseconds of music composed by the vendor; 0 offline. */
  readonly musicMs: number;
  /** The vendor's request or song id, or null. */
  readonly requestId: string | null;
  /** HTTP attempts (1 = no retry; 0 offline). */
  readonly attempts: number;
  /** What made it (endpoint, model, engine), for the provenance sidecar. */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** A producer of cue audio. */
export interface AudioBackend {
  readonly name: 'elevenlabs' | 'draft';
  /** Host the calls go to ("local" offline); never a secret. */
  readonly host: string;
  /** File extension of everything this backend makes. */
  readonly ext: 'mp3' | 'wav';
  /** Everything that determines a voice cue's audio (hashed into its cache key). */
  voiceKey(cue: StitchedVoiceCue, scratchHash: string | null): Readonly<Record<string, unknown>>;
  /** Everything that determines a score cue's audio. */
  scoreKey(cue: ScoreCue): Readonly<Record<string, unknown>>;
  speak(cue: StitchedVoiceCue, signal: AbortSignal | null): Promise<ProducedAudio>;
  compose(cue: ScoreCue, signal: AbortSignal | null): Promise<ProducedAudio>;
}
