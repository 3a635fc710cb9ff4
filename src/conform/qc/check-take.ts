/** Take QC of one file (I/O shell): the src/media QC pass, then the pure decisions. */
import { DEFAULT_QC_PASS_SETTINGS, runQcPass } from '../../media/index.js';
import type { QcPassSettings } from '../../media/index.js';
import { detectFaults, passFrameRate } from './detect-faults.js';
import { QC_VERSION } from './qc-fault.js';
import type { TakeQc } from './qc-fault.js';
import { DEFAULT_QC_THRESHOLDS } from './qc-thresholds.js';
import type { QcThresholds } from './qc-thresholds.js';
import { scoreTake } from './score-take.js';

/** Options for {@link checkTake}. */
export interface CheckTakeOptions {
  readonly path: string;
  /** First frames of chained clips after the first, or [] for a single clip. */
  readonly joins: readonly number[];
  readonly thresholds: QcThresholds | null;
  readonly settings: QcPassSettings | null;
  readonly signal: AbortSignal | null;
}

/** Runs QC on a take: one ffmpeg pass, then faults and score. */
export async function checkTake(options: CheckTakeOptions): Promise<TakeQc> {
  const pass = await runQcPass({
    path: options.path,
    settings: options.settings ?? DEFAULT_QC_PASS_SETTINGS,
    signal: options.signal,
  });
  const fps = passFrameRate(pass);
  const faults = detectFaults({
    pass,
    thresholds: options.thresholds ?? DEFAULT_QC_THRESHOLDS,
    joins: options.joins,
  });
  return {
    version: QC_VERSION,
    score: scoreTake({ faults, fps }),
    faults,
    fps,
    frames: pass.frames.length,
  };
}
