/**
 * Take QC and look measurement inside the pipeline: the small functions generate/render call
 * (see src/conform/look/README.md). Every take of a shot is analysed once (QC + the look of the
 * used range), stored beside it as `take-NNN.qc.json`, and reused afterwards.
 */
import {
  analysisFileFor,
  readTakeAnalysis,
  writeTakeAnalysis,
} from '../conform/qc/take-analysis-fs.js';
import { analyseTake } from '../conform/qc/take-analysis.js';
import type { TakeAnalysis } from '../conform/qc/take-analysis.js';
import { faultsInCut } from '../conform/qc/faults-in-cut.js';
import type { FaultInCut, TakeUse } from '../conform/qc/faults-in-cut.js';
import { QC_VERSION } from '../conform/qc/qc-fault.js';
import type { QcFault, TakeQc } from '../conform/qc/qc-fault.js';

export type { QcFault, TakeQc } from '../conform/qc/qc-fault.js';
import { segmentFrames } from '../generators/plan-shot.js';
import type { ShotEntry } from '../shots/index.js';

/** One take to analyse. */
export interface TakeToCheck {
  readonly number: number;
  /** The take's content key (its chain's final key). */
  readonly key: string;
  /** Its picture; the analysis is stored beside it. */
  readonly file: string;
  readonly frames: number;
  readonly fps: number;
  /** Source time (seconds) of the take's first frame (its available range's start). */
  readonly originSeconds: number;
}

/** A fault of a take and whether the edit shows it (its frames overlap the clip's used range). */
export interface TakeFaultView extends QcFault {
  readonly inCut: boolean;
  /** Timeline timecode where the cut first shows it; null when it is outside the cut. */
  readonly timecode: string | null;
}

/** A take's QC as the CLI, the service and the panel show it. */
export interface TakeQcView {
  readonly score: number;
  readonly faults: readonly TakeFaultView[];
}

/** A take's QC result as an event for the CLI and the panel. */
export interface TakeQcEvent extends TakeQcView {
  readonly type: 'take-qc';
  readonly shotId: string;
  readonly take: number;
}

/**
 * The faults of a take the cut shows (pure). `originSeconds`: source time of the take's first
 * frame (its used range is found in the take's own frames from it).
 */
export function takeFaultsInCut(options: {
  qc: TakeQc;
  entry: ShotEntry;
  originSeconds: number;
}): FaultInCut[] {
  const use = takeUseOf(options.entry);
  return faultsInCut({
    faults: options.qc.faults,
    fps: options.qc.fps,
    use: { ...use, sourceStartSeconds: use.sourceStartSeconds - options.originSeconds },
  });
}

/**
 * A take's QC with each fault marked inside or outside the shot's used range (pure).
 * `originSeconds`: source time of the take's first frame.
 */
export function takeQcView(options: {
  qc: TakeQc;
  entry: ShotEntry;
  originSeconds: number;
}): TakeQcView {
  const seen = takeFaultsInCut(options);
  return {
    score: options.qc.score,
    faults: options.qc.faults.map((fault) => {
      const inCut = seen.find((f) => f.fault === fault);
      return { ...fault, inCut: inCut !== undefined, timecode: inCut?.timecode ?? null };
    }),
  };
}

/**
 * A take's stored analysis (whoever ran it: generate, match, the service), or null when it has
 * not been analysed with the current detectors or the file holds another take's analysis.
 */
export async function storedTakeAnalysis(options: {
  /** The file the take is analysed at (`takeFileOf`). */
  file: string;
  /** The take's content key. */
  key: string;
}): Promise<TakeAnalysis | null> {
  const stored = await readTakeAnalysis(analysisFileFor(options.file));
  if (stored === null || stored.key !== options.key || stored.version !== QC_VERSION) return null;
  return stored;
}

/** Where the shot's clip uses its takes: the used range and its place on the timeline. */
export function takeUseOf(entry: ShotEntry): TakeUse {
  const rate = entry.spec.durationRate;
  return {
    shotId: entry.spec.shotId,
    sourceStartSeconds: entry.sourceStartSeconds,
    sourceDurationSeconds: entry.recordDuration / rate,
    recordStartSeconds: entry.recordStart / rate,
    timelineRate: rate,
  };
}

/** First frames of the 2nd, 3rd, ... chained clip of a take (where the generator joined them). */
export function chainJoins(options: {
  frames: number;
  fps: number;
  maxVideoSeconds: number;
}): number[] {
  const maxFrames = Math.max(2, Math.floor(options.maxVideoSeconds * options.fps));
  if (options.frames <= maxFrames) return [];
  const segments = segmentFrames({ total: options.frames, maxFrames });
  const joins: number[] = [];
  let at = 0;
  segments.forEach((length, i) => {
    at += i === 0 ? length : length - 1;
    if (i < segments.length - 1) joins.push(at);
  });
  return joins;
}

/** Options for {@link checkShotTakes}. */
export interface CheckShotTakesOptions {
  readonly entry: ShotEntry;
  readonly takes: readonly TakeToCheck[];
  /** The project's `backends.maxVideoSeconds` (where chained clips meet). */
  readonly maxVideoSeconds: number;
  /** Measure the look of the used range too (look matching on). */
  readonly withLook: boolean;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: TakeQcEvent) => void) | null;
}

/** Analyses (or reloads) every take of one shot; returns them by take number. */
export async function checkShotTakes(
  options: CheckShotTakesOptions,
): Promise<Map<number, TakeAnalysis>> {
  const use = takeUseOf(options.entry);
  const out = new Map<number, TakeAnalysis>();
  for (const take of options.takes) {
    const takeSeconds = take.frames / take.fps;
    // The clip's in-point in the take's own seconds (takes start at their origin).
    const start = Math.min(Math.max(0, use.sourceStartSeconds - take.originSeconds), takeSeconds);
    const duration = Math.min(use.sourceDurationSeconds, takeSeconds - start);
    const file = analysisFileFor(take.file);
    const stored = await readTakeAnalysis(file);
    const analysis = await analyseTake({
      path: take.file,
      key: take.key,
      joins: chainJoins({
        frames: take.frames,
        fps: take.fps,
        maxVideoSeconds: options.maxVideoSeconds,
      }),
      lookRange: options.withLook && duration > 0 ? { start, duration } : null,
      stored,
      signal: options.signal,
    });
    if (analysis !== stored) await writeTakeAnalysis(file, analysis);
    out.set(take.number, analysis);
    options.onEvent?.({
      type: 'take-qc',
      shotId: options.entry.spec.shotId,
      take: take.number,
      ...takeQcView({ qc: analysis.qc, entry: options.entry, originSeconds: take.originSeconds }),
    });
  }
  return out;
}
