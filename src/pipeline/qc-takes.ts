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
import type { TakeUse } from '../conform/qc/faults-in-cut.js';
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

/** A take's QC result as an event for the CLI and the panel. */
export interface TakeQcEvent {
  readonly type: 'take-qc';
  readonly shotId: string;
  readonly take: number;
  readonly score: number;
  readonly faults: readonly QcFault[];
}

/** A take's stored QC (score and faults), or null when it has not been checked. For the service. */
export async function storedTakeQc(takeFile: string): Promise<TakeQc | null> {
  return (await readTakeAnalysis(analysisFileFor(takeFile)))?.qc ?? null;
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
      score: analysis.qc.score,
      faults: analysis.qc.faults,
    });
  }
  return out;
}
