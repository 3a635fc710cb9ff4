/** Typed progress events of {@link produceAudio} (the CLI prints them, the service forwards them). */
import type { CueProblem, LoudnessMeasurement } from '../audio/index.js';

/** Any event of an audio run. */
export type AudioEvent =
  | {
      readonly type: 'audio-cues';
      readonly backend: 'elevenlabs' | 'draft';
      readonly host: string;
      readonly voice: number;
      readonly score: number;
      readonly problems: readonly CueProblem[];
    }
  | {
      readonly type: 'audio-cue-cached';
      readonly cueId: string;
      readonly kind: 'voice' | 'score';
      readonly file: string;
    }
  | { readonly type: 'audio-cue-started'; readonly cueId: string; readonly kind: 'voice' | 'score' }
  | {
      readonly type: 'audio-cue-done';
      readonly cueId: string;
      readonly kind: 'voice' | 'score';
      readonly file: string;
      readonly characters: number;
      readonly seconds: number;
    }
  | {
      readonly type: 'audio-cue-failed';
      readonly cueId: string;
      readonly kind: 'voice' | 'score';
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: 'audio-retry';
      readonly endpoint: string;
      readonly attempt: number;
      readonly status: number | null;
      readonly delayMs: number | null;
    }
  | {
      readonly type: 'audio-mix-progress';
      readonly pass: 1 | 2;
      readonly seconds: number;
      readonly total: number;
    }
  | {
      readonly type: 'audio-mixed';
      readonly file: string;
      readonly cached: boolean;
      readonly loudness: LoudnessMeasurement;
      /** Nothing audible: the mix is silence and no loudness pass was attempted. */
      readonly silent: boolean;
    };

/** The kinds of {@link AudioEvent}. */
export type AudioEventType = AudioEvent['type'];
