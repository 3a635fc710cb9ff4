/**
 * What libero knows of one take after checking it: its QC (score, faults) and its look
 * (colour statistics of the used range). Stored with the take as `take-NNN.qc.json` beside the
 * take's file, reused while the take file, the QC version and the measured range are the same.
 */
import type { LookStats } from '../look/look-stats.js';
import { measureLook } from '../look/measure-look.js';
import { checkTake } from './check-take.js';
import { QC_VERSION } from './qc-fault.js';
import type { TakeQc } from './qc-fault.js';

/** The stored analysis of a take. */
export interface TakeAnalysis {
  readonly version: number;
  /** Content key of the take (its chain's final key): the analysis belongs to this picture. */
  readonly key: string;
  readonly qc: TakeQc;
  /** The look of the used range, or null when not measured. */
  readonly look: LookStats | null;
  /** The range the look was measured on, seconds of the take. */
  readonly lookRange: { readonly start: number; readonly duration: number } | null;
}

/** Options for {@link analyseTake}. */
export interface AnalyseTakeOptions {
  readonly path: string;
  readonly key: string;
  /** Joins of chained clips inside the take (first frames of the 2nd, 3rd, ... clip). */
  readonly joins: readonly number[];
  /** The used range to measure the look on, or null for no look. */
  readonly lookRange: { readonly start: number; readonly duration: number } | null;
  /** A stored analysis to reuse what still holds, or null. */
  readonly stored: TakeAnalysis | null;
  readonly signal: AbortSignal | null;
}

/** Frames sampled for a take's look. */
export const LOOK_SAMPLES = 8;

const sameRange = (
  a: { start: number; duration: number } | null,
  b: { start: number; duration: number } | null,
): boolean =>
  a !== null &&
  b !== null &&
  Math.abs(a.start - b.start) < 1e-3 &&
  Math.abs(a.duration - b.duration) < 1e-3;

/** Whether a stored analysis can be reused as it is. */
export function analysisIsCurrent(
  stored: TakeAnalysis | null,
  want: { key: string; lookRange: { start: number; duration: number } | null },
): boolean {
  return (
    stored !== null &&
    stored.version === QC_VERSION &&
    stored.key === want.key &&
    (want.lookRange === null || sameRange(stored.lookRange, want.lookRange))
  );
}

/** QC and look of a take: at most two low-resolution ffmpeg passes, none when stored. */
export async function analyseTake(options: AnalyseTakeOptions): Promise<TakeAnalysis> {
  const { stored } = options;
  if (stored !== null && analysisIsCurrent(stored, options)) return stored;
  const qcReusable = stored !== null && stored.version === QC_VERSION && stored.key === options.key;
  const qc = qcReusable
    ? stored.qc
    : await checkTake({
        path: options.path,
        joins: options.joins,
        thresholds: null,
        settings: null,
        signal: options.signal,
      });
  const look =
    options.lookRange === null || options.lookRange.duration <= 0
      ? null
      : await measureLook({
          path: options.path,
          startSeconds: options.lookRange.start,
          durationSeconds: options.lookRange.duration,
          cdl: null,
          still: false,
          samples: LOOK_SAMPLES,
          signal: options.signal,
        });
  return {
    version: QC_VERSION,
    key: options.key,
    qc,
    look,
    lookRange: look === null ? null : options.lookRange,
  };
}
