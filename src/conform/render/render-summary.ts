/** What a render did, for the CLI, the service and tests. */
import type { OfflineSource } from './render-plan.js';

/** Progress of a render, reported while it runs. */
export interface RenderProgress {
  readonly phase: 'segments' | 'audio' | 'join';
  /** Frames encoded or reused so far, of `framesTotal`. */
  readonly framesDone: number;
  readonly framesTotal: number;
  readonly segmentsDone: number;
  readonly segmentsTotal: number;
  /** Encoding speed of the current segment, frames per second (0 when unknown). */
  readonly fps: number;
}

/** The outcome of a render. */
export interface RenderSummary {
  readonly output: string;
  readonly frames: number;
  readonly durationSeconds: number;
  readonly width: number;
  readonly height: number;
  readonly rate: string;
  readonly segmentsTotal: number;
  readonly segmentsReused: number;
  readonly segmentsEncoded: number;
  readonly audioReused: boolean;
  /** Loudness normalisation applied, or null when no target was asked. */
  readonly loudness: {
    readonly measuredIntegrated: number;
    readonly normalization: string;
  } | null;
  /**
   * The master's audio is silence (no audible clip, or a mix that measured -inf LUFS): a silent
   * stereo track of the exact length, and no loudness pass was attempted.
   */
  readonly audioSilent: boolean;
  readonly offline: readonly OfflineSource[];
}
