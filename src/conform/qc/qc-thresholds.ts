/** Decision thresholds of take QC, on the numbers ffmpeg measured (src/media QC pass). */

/** The thresholds. */
export interface QcThresholds {
  /** A frame-to-frame change of mean luma (0..255) above this starts a flicker... */
  readonly flickerLuma: number;
  /** ...when luma returns within this many frames to where it was (else it is a change). */
  readonly flickerMaxFrames: number;
  /** scdet score (0..100) above which a frame inside a take is a jump. */
  readonly jumpScore: number;
  /** Lower scdet score that counts as a mismatch at a known join of chained clips. */
  readonly seamScore: number;
  /**
   * Frozen runs covering at least this share of the take make it a static shot (a locked-off
   * camera on a still subject, or a draft of one), not a take that froze: no frozen fault.
   */
  readonly staticTakeRatio: number;
  /** A run of still frames this long (seconds) is frozen. */
  readonly freezeMinSeconds: number;
  /**
   * A frame is still when no block mean changed by more than this (8-bit levels) nor by more
   * than `grainBlockFactor` times the grain's expected block noise...
   */
  readonly stillBlockLevel: number;
  readonly grainBlockFactor: number;
  /**
   * ...and the mean block change (a pan, a zoom, a fade: everything moves a little) stays under
   * this level and under `grainMeanFactor` times what grain alone gives.
   */
  readonly stillMeanLevel: number;
  readonly grainMeanFactor: number;
}

/** Defaults, tuned on tests/qc's set: clean moving clips stay far below, injected faults far above. */
export const DEFAULT_QC_THRESHOLDS: QcThresholds = {
  flickerLuma: 8,
  flickerMaxFrames: 4,
  jumpScore: 8,
  seamScore: 4,
  staticTakeRatio: 0.9,
  freezeMinSeconds: 0.4,
  stillBlockLevel: 1,
  grainBlockFactor: 6,
  stillMeanLevel: 0.15,
  grainMeanFactor: 2,
};
