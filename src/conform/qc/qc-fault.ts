/** What take QC finds, as plain data stored with the take and sent with the shot's events. */

/** The kinds of temporal fault libero looks for (a closed set). */
export const FAULT_KINDS = ['flicker', 'jump', 'frozen', 'black', 'seam'] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One fault of a take, in frames of the take's file (0 = its first frame). */
export interface QcFault {
  readonly kind: FaultKind;
  /** First frame of the fault. */
  readonly startFrame: number;
  /** Last frame of the fault (inclusive). */
  readonly endFrame: number;
  /** What was measured, for people ("luma +27 for 2 frames", "scene score 41"). */
  readonly detail: string;
}

/** A take's QC result. */
export interface TakeQc {
  /** Version of the detectors and thresholds; a stored result of another version is redone. */
  readonly version: number;
  /** 100 = no fault; each fault takes points off (see scoreTake). */
  readonly score: number;
  readonly faults: readonly QcFault[];
  /** Frame rate and frame count of the analysed file. */
  readonly fps: number;
  readonly frames: number;
}

/** Bump when detectors or thresholds change meaning. */
export const QC_VERSION = 4;
