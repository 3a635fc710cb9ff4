/**
 * Faults of a take that the edit shows (pure): those overlapping the clip's used range, with
 * the timeline timecode where they appear, as one summary line each:
 * `shot 6b: jump at 00:00:03:04, inside the cut`.
 */
import { RationalTime, toTimecode } from '../../timeline/index.js';
import type { QcFault } from './qc-fault.js';

/** Where a take is used in the edit. */
export interface TakeUse {
  readonly shotId: string;
  /** Used range in the take's own seconds (0 = first frame of the file). */
  readonly sourceStartSeconds: number;
  readonly sourceDurationSeconds: number;
  /** Where that range starts on the timeline, seconds from the timeline's start. */
  readonly recordStartSeconds: number;
  /** The timeline's frame rate (timecodes are written at it). */
  readonly timelineRate: number;
}

/** A fault the editor will see. */
export interface FaultInCut {
  readonly shotId: string;
  readonly fault: QcFault;
  /** Timeline timecode of the first frame of the fault that is inside the cut. */
  readonly timecode: string;
  readonly line: string;
}

/** Options for {@link faultsInCut}. */
export interface FaultsInCutOptions {
  readonly faults: readonly QcFault[];
  /** The take's frame rate. */
  readonly fps: number;
  readonly use: TakeUse;
}

function timecodeAt(seconds: number, rate: number): string {
  try {
    return toTimecode(new RationalTime(Math.round(seconds * rate), rate), {
      rate,
      dropFrame: 'infer',
    });
  } catch {
    // A rate with no SMPTE timecode: seconds are clear enough.
    return `${seconds.toFixed(2)} s`;
  }
}

/** The faults inside the used range, in order, with their lines. */
export function faultsInCut(options: FaultsInCutOptions): FaultInCut[] {
  const { use, fps } = options;
  const inStart = use.sourceStartSeconds;
  const inEnd = use.sourceStartSeconds + use.sourceDurationSeconds;
  const out: FaultInCut[] = [];
  for (const fault of options.faults) {
    const start = fault.startFrame / fps;
    const end = (fault.endFrame + 1) / fps;
    if (end <= inStart + 1e-9 || start >= inEnd - 1e-9) continue;
    const seen = Math.max(start, inStart);
    const timecode = timecodeAt(use.recordStartSeconds + (seen - inStart), use.timelineRate);
    out.push({
      shotId: use.shotId,
      fault,
      timecode,
      line: `shot ${use.shotId}: ${fault.kind} at ${timecode}, inside the cut (${fault.detail})`,
    });
  }
  return out;
}
