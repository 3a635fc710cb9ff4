/**
 * The safe range of an automatic CDL. Wide enough to undo the drift between generated shots
 * (a warm or cold cast, lifted blacks, a washed-out shot), narrow enough that a deliberately
 * different shot (night, fire) is pulled only part of the way, never flattened. Shots that must
 * keep their look entirely opt out (`metadata.libero.match: false` or a `nomatch` marker).
 */

/** A closed interval. */
export interface Interval {
  readonly min: number;
  readonly max: number;
}

/** Limits on each CDL parameter. */
export interface CdlLimits {
  readonly slope: Interval;
  readonly offset: Interval;
  readonly power: Interval;
  readonly saturation: Interval;
  /** The most the CDL may move the shot's mean lightness, in CIELAB L* units. */
  readonly lightnessShift: number;
  /** The most the CDL may move the shot's mean colour in the CIELAB a*b* plane. */
  readonly chromaShift: number;
}

/** libero's default limits. */
export const DEFAULT_CDL_LIMITS: CdlLimits = {
  slope: { min: 0.6, max: 1.6 },
  offset: { min: -0.15, max: 0.15 },
  power: { min: 0.7, max: 1.4 },
  saturation: { min: 0.5, max: 2 },
  lightnessShift: 12,
  chromaShift: 15,
};

/** Clamps a value into an interval. */
export function clampTo(value: number, interval: Interval): number {
  return Math.min(interval.max, Math.max(interval.min, value));
}
