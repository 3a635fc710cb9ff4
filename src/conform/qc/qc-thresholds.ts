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
}

/** Defaults, tuned on tests/qc's set: clean moving clips stay far below, injected faults far above. */
export const DEFAULT_QC_THRESHOLDS: QcThresholds = {
  flickerLuma: 8,
  flickerMaxFrames: 4,
  jumpScore: 8,
  seamScore: 4,
  staticTakeRatio: 0.9,
};
