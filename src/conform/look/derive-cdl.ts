/**
 * Derives the ASC CDL that moves a shot's look to a reference look. Pure.
 *
 * All ten parameters (slope, offset and power per channel, and the saturation) are fitted
 * *together*, by minimising one loss on the shot's statistics as the CDL would leave them:
 *
 *     out = sat( clamp(x * slope + offset) ^ power )              (ASC order)
 *
 *     loss = ΔE00(mean colour after, reference mean colour)       the look distance's own measure
 *          + LEVELS  * Σ_c |black point_c − ref_c| + |white point_c − ref_c|   (0..1 code values)
 *          + SATURATION * |ln(chroma spread after / ref's)|
 *          + IDENTITY * Σ |parameter − identity|                  (of two equal fits, the gentler)
 *
 * The mean after the power curve is modelled through the channel's quantiles (min, 10%,
 * mean, 90%, max), so clipping and the curve count; saturation is linear, so the mean colour
 * after it is exact given that model. A combined cast (lifted blacks + a tint + lowered
 * saturation) is undone in one fit instead of one correction undoing another.
 *
 * The search is a pattern search inside the safe limits (`CdlLimits`: each parameter's
 * interval), started from the identity and from a per-channel level match. Then the whole CDL
 * is eased toward the identity until it moves the shot's mean colour by at most
 * `limits.lightnessShift` L* and `limits.chromaShift` in a*b* (a night or fire shot is pulled
 * only part of the way; `limited` says so). Last, the fitted CDL must bring the modelled mean
 * colour nearer the reference than the identity does; otherwise the identity is returned.
 */
import type { Cdl, Rgb } from './cdl.js';
import { applySaturation, IDENTITY_CDL } from './cdl.js';
import { applyCdl } from './cdl.js';
import { ciede2000 } from './ciede2000.js';
import { clampTo } from './cdl-limits.js';
import type { CdlLimits, Interval } from './cdl-limits.js';
import { rgbToLab } from './lab.js';
import type { ChannelLevels } from './look-stats.js';

/** The statistics derivation needs (a {@link LookStats} has them). */
export interface MatchLevels extends ChannelLevels {
  readonly saturation: number;
}

/** Options for {@link deriveCdl}. */
export interface DeriveCdlOptions {
  readonly shot: MatchLevels;
  readonly reference: MatchLevels;
  readonly limits: CdlLimits;
}

/** A derived CDL and whether the limits held it back. */
export interface DerivedCdl {
  readonly cdl: Cdl;
  readonly limited: boolean;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Loss weights (see the file comment): ~1 ΔE00 per 0.01 of level error, per 10% of chroma. */
const LEVELS = 25;
const SATURATION = 8;
const IDENTITY = 0.05;

/** A channel's distribution as signalstats describes it: min, 10%, mean, 90%, max. */
interface ChannelShape {
  min: number;
  lo: number;
  mean: number;
  hi: number;
  max: number;
}

const QUANTILE_STEPS = 40;

/**
 * The mean of f(x) over the channel, with x's quantile function taken piecewise linear through
 * (0, min), (0.1, lo), (0.5, mean), (0.9, hi), (1, max): accounts for clipping and the curve
 * of the power, which f(mean) does not.
 */
function meanThrough(shape: ChannelShape, f: (x: number) => number): number {
  const knots: [number, number][] = [
    [0, shape.min],
    [0.1, shape.lo],
    [0.5, shape.mean],
    [0.9, shape.hi],
    [1, shape.max],
  ];
  let sum = 0;
  for (let i = 0; i < QUANTILE_STEPS; i++) {
    const u = (i + 0.5) / QUANTILE_STEPS;
    const k = knots.findIndex(([ku]) => ku >= u);
    const [u0, x0] = knots[k - 1] ?? knots[0] ?? [0, 0];
    const [u1, x1] = knots[k] ?? [1, 1];
    sum += f(x0 + ((x1 - x0) * (u - u0)) / (u1 - u0));
  }
  return sum / QUANTILE_STEPS;
}

/** {@link meanThrough}, corrected so that the identity gives the measured mean exactly. */
function modelledMean(shape: ChannelShape, f: (x: number) => number): number {
  const bias = shape.mean - meanThrough(shape, (x) => x);
  const localSlope = (f(shape.mean + 0.01) - f(shape.mean - 0.01)) / 0.02;
  return meanThrough(shape, f) + bias * localSlope;
}

/** The shot's statistics after a CDL, as the model predicts them. */
interface Predicted {
  readonly mean: Rgb;
  readonly low: Rgb;
  readonly high: Rgb;
  readonly saturation: number;
}

const triple = (f: (c: 0 | 1 | 2) => number): Rgb => [f(0), f(1), f(2)];

function shapes(shot: MatchLevels): [ChannelShape, ChannelShape, ChannelShape] {
  const one = (c: 0 | 1 | 2): ChannelShape => ({
    min: shot.min[c],
    lo: shot.low[c],
    mean: shot.mean[c],
    hi: shot.high[c],
    max: shot.max[c],
  });
  return [one(0), one(1), one(2)];
}

function predict(shot: MatchLevels, channels: readonly ChannelShape[], cdl: Cdl): Predicted {
  const sop = (c: 0 | 1 | 2) => (x: number) =>
    clamp01(x * cdl.slope[c] + cdl.offset[c]) ** cdl.power[c];
  const shape = (c: 0 | 1 | 2): ChannelShape => channels[c] as ChannelShape;
  const mean = triple((c) => modelledMean(shape(c), sop(c)));
  const low = triple((c) => sop(c)(shape(c).lo));
  const high = triple((c) => sop(c)(shape(c).hi));
  // Chroma after slope/offset/power scales with each transfer's slope at the channel's mean.
  const gain =
    [0, 1, 2].reduce((sum, k) => {
      const c = k as 0 | 1 | 2;
      const m = clamp01(shot.mean[c] * cdl.slope[c] + cdl.offset[c]);
      return sum + cdl.power[c] * cdl.slope[c] * (m > 0 ? m ** (cdl.power[c] - 1) : 1);
    }, 0) / 3;
  const sat = (v: Rgb): Rgb => applySaturation(v, cdl.saturation).map(clamp01) as unknown as Rgb;
  return {
    mean: sat(mean),
    low: sat(low),
    high: sat(high),
    saturation: shot.saturation * gain * cdl.saturation,
  };
}

/** The CDL as a flat vector: slope r,g,b, offset r,g,b, power r,g,b, saturation. */
type Vector = number[];

const toVector = (c: Cdl): Vector => [...c.slope, ...c.offset, ...c.power, c.saturation];
const toCdl = (v: Vector): Cdl => ({
  slope: [v[0] ?? 1, v[1] ?? 1, v[2] ?? 1],
  offset: [v[3] ?? 0, v[4] ?? 0, v[5] ?? 0],
  power: [v[6] ?? 1, v[7] ?? 1, v[8] ?? 1],
  saturation: v[9] ?? 1,
});
const IDENTITY_VECTOR = toVector(IDENTITY_CDL);

function intervals(limits: CdlLimits): Interval[] {
  return [
    ...[0, 1, 2].map(() => limits.slope),
    ...[0, 1, 2].map(() => limits.offset),
    ...[0, 1, 2].map(() => limits.power),
    limits.saturation,
  ];
}

/** First step of each parameter in the pattern search. */
const STEPS: Vector = [0.1, 0.1, 0.1, 0.04, 0.04, 0.04, 0.1, 0.1, 0.1, 0.15];

/** Pattern search (compass search) inside the box; returns the best vector found. */
function minimise(loss: (v: Vector) => number, starts: Vector[], box: Interval[]): Vector {
  let best = starts[0] ?? IDENTITY_VECTOR;
  let bestLoss = loss(best);
  for (const start of starts.slice(1)) {
    const l = loss(start);
    if (l < bestLoss) [best, bestLoss] = [start, l];
  }
  let scale = 1;
  for (let round = 0; round < 400 && scale > 1e-3; round++) {
    let improved = false;
    for (let i = 0; i < best.length; i++) {
      for (const sign of [1, -1]) {
        const range = box[i] as Interval;
        const next = [...best];
        next[i] = clampTo((next[i] ?? 0) + sign * (STEPS[i] ?? 0.1) * scale, range);
        if (next[i] === best[i]) continue;
        const l = loss(next);
        if (l < bestLoss - 1e-9) {
          [best, bestLoss] = [next, l];
          improved = true;
          break;
        }
      }
    }
    if (!improved) scale /= 2;
  }
  return best;
}

/** A start near the answer: per channel, black and white points mapped linearly, chroma ratio. */
function levelMatch(shot: MatchLevels, reference: MatchLevels, box: Interval[]): Vector {
  const slope = triple((c) => {
    const spread = shot.high[c] - shot.low[c];
    return spread > 0.02 ? (reference.high[c] - reference.low[c]) / spread : 1;
  });
  const offset = triple((c) => reference.mean[c] - slope[c] * shot.mean[c]);
  const sat = shot.saturation > 1e-4 ? reference.saturation / shot.saturation : 1;
  return [...slope, ...offset, 1, 1, 1, sat].map((v, i) => clampTo(v, box[i] as Interval));
}

/** The CDL moving `shot` to `reference`, within `limits`. */
export function deriveCdl(options: DeriveCdlOptions): DerivedCdl {
  const { shot, reference, limits } = options;
  const channels = shapes(shot);
  const refLab = rgbToLab(reference.mean);
  const meanDistance = (cdl: Cdl): number =>
    ciede2000(rgbToLab(predict(shot, channels, cdl).mean), refLab);
  const loss = (v: Vector): number => {
    const cdl = toCdl(v);
    const p = predict(shot, channels, cdl);
    let levels = 0;
    for (const c of [0, 1, 2] as const) {
      levels += Math.abs(p.low[c] - reference.low[c]) + Math.abs(p.high[c] - reference.high[c]);
    }
    const chroma =
      p.saturation > 1e-4 && reference.saturation > 1e-4
        ? Math.abs(Math.log(p.saturation / reference.saturation))
        : 0;
    const away = v.reduce((s, x, i) => s + Math.abs(x - (IDENTITY_VECTOR[i] ?? 0)), 0);
    return (
      ciede2000(rgbToLab(p.mean), refLab) + LEVELS * levels + SATURATION * chroma + IDENTITY * away
    );
  };
  const box = intervals(limits);
  const fitted = toCdl(minimise(loss, [IDENTITY_VECTOR, levelMatch(shot, reference, box)], box));
  const capped = capShift(shot.mean, fitted, limits);
  // Never farther than it started (as the model sees it): then the identity.
  if (meanDistance(capped) >= meanDistance(IDENTITY_CDL)) {
    return { cdl: IDENTITY_CDL, limited: false };
  }
  const atEdge = toVector(capped).some((x, i) => {
    const range = box[i] as Interval;
    return x <= range.min + 1e-9 || x >= range.max - 1e-9;
  });
  return { cdl: capped, limited: capped !== fitted || atEdge };
}

/** The CDL moved toward the identity by `t` (0 = identity, 1 = `cdl`). */
function blend(cdl: Cdl, t: number): Cdl {
  const mix = (v: Rgb, id: number): Rgb => [
    id + t * (v[0] - id),
    id + t * (v[1] - id),
    id + t * (v[2] - id),
  ];
  return {
    slope: mix(cdl.slope, 1),
    offset: mix(cdl.offset, 0),
    power: mix(cdl.power, 1),
    saturation: 1 + t * (cdl.saturation - 1),
  };
}

/**
 * A night or fire shot differs from its scene by far more than drift: the CDL may move the
 * shot's mean colour by at most `maxLightness` L* and `maxChroma` in the a*b* plane, so such
 * a shot keeps its character (eased toward the identity until both hold).
 */
function capShift(mean: Rgb, cdl: Cdl, limits: CdlLimits): Cdl {
  const [l0, a0, b0] = rgbToLab(mean);
  const fits = (c: Cdl): boolean => {
    const [l, a, b] = rgbToLab(applyCdl(c, mean));
    return (
      Math.abs(l - l0) <= limits.lightnessShift && Math.hypot(a - a0, b - b0) <= limits.chromaShift
    );
  };
  if (fits(cdl)) return cdl;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (fits(blend(cdl, mid))) lo = mid;
    else hi = mid;
  }
  return blend(cdl, lo);
}
