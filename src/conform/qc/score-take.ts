/** A take's score from its faults (pure): 100 minus points per fault, never below 0. */
import type { FaultKind, QcFault } from './qc-fault.js';

/** Points a fault of each kind costs, plus per second for runs (frozen, black). */
export const FAULT_PENALTY: Readonly<Record<FaultKind, { base: number; perSecond: number }>> = {
  jump: { base: 30, perSecond: 0 },
  seam: { base: 20, perSecond: 0 },
  black: { base: 25, perSecond: 20 },
  frozen: { base: 15, perSecond: 10 },
  flicker: { base: 15, perSecond: 0 },
};

/** Options for {@link scoreTake}. */
export interface ScoreTakeOptions {
  readonly faults: readonly QcFault[];
  readonly fps: number;
}

/** 0..100, higher is better; rounded to an integer. */
export function scoreTake(options: ScoreTakeOptions): number {
  let score = 100;
  for (const fault of options.faults) {
    const penalty = FAULT_PENALTY[fault.kind];
    const seconds = (fault.endFrame - fault.startFrame + 1) / (options.fps || 1);
    score -= penalty.base + penalty.perSecond * seconds;
  }
  return Math.max(0, Math.round(score));
}
