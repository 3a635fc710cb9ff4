/**
 * Derives the ASC CDL that moves a shot's look to a reference look. Pure.
 *
 * Per channel, slope/offset/power are fitted so that the shot's black point (10th
 * percentile), mean and white point (90th percentile) land on the reference's:
 *
 *     out = clamp(x * slope + offset) ^ power
 *     mean -> ref.mean exactly (offset), spread -> ref spread (slope), and the power
 *     searched so that lo -> ref.lo and hi -> ref.hi as nearly as possible.
 *
 * Saturation is applied after slope/offset/power (ASC order), so the per-channel targets are
 * the reference's levels with the saturation undone, and the saturation is the ratio of the
 * reference's mean chroma to the shot's predicted chroma after slope/offset/power (its slope
 * at the mean). Three rounds settle both. Every parameter is clamped to the limits, and the
 * whole CDL is eased toward the identity until it moves the shot's mean colour by at most
 * `limits.lightnessShift` L* and `limits.chromaShift` in a*b*; `limited` says whether any of this bit (the shot was pulled only
 * part of the way, as a night or fire shot should be).
 */
import type { Cdl, Rgb } from './cdl.js';
import { applyCdl, applySaturation } from './cdl.js';
import { rgbToLab } from './lab.js';
import { clampTo } from './cdl-limits.js';
import type { CdlLimits } from './cdl-limits.js';
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

interface ChannelFit {
  slope: number;
  offset: number;
  power: number;
  limited: boolean;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Below this spread a channel is treated as flat: only its mean is moved (by offset). */
const FLAT_SPREAD = 0.02;
const POWER_STEPS = 120;
/** How much a power near 1 is preferred over a closer fit of the black and white points. */
const POWER_PREFERENCE = 0.1;

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

function fitChannel(
  shot: ChannelShape,
  target: { lo: number; mean: number; hi: number },
  limits: CdlLimits,
): ChannelFit {
  const spread = shot.hi - shot.lo;
  if (spread < FLAT_SPREAD) {
    const offset = clampTo(target.mean - shot.mean, limits.offset);
    return { slope: 1, offset, power: 1, limited: offset !== target.mean - shot.mean };
  }
  const logMin = Math.log(limits.power.min);
  const logMax = Math.log(limits.power.max);
  let best: ChannelFit & { err: number } = {
    slope: 1,
    offset: 0,
    power: 1,
    limited: false,
    err: Infinity,
  };
  const powers = [1];
  for (let i = 0; i <= POWER_STEPS; i++) {
    powers.push(Math.exp(logMin + ((logMax - logMin) * i) / POWER_STEPS));
  }
  for (const power of powers) {
    const a = clamp01(target.lo) ** (1 / power);
    const b = clamp01(target.hi) ** (1 / power);
    const rawSlope = (b - a) / spread;
    const slope = clampTo(rawSlope, limits.slope);
    // The mean lands exactly (the look distance is about averages); the power is chosen so
    // that the black and white points land as near as they can.
    // First guess from the mean alone, then one secant step on the modelled mean.
    const guess = clamp01(target.mean) ** (1 / power) - slope * shot.mean;
    const meanAt = (o: number): number =>
      modelledMean(shot, (x) => clamp01(x * slope + o) ** power);
    const m0 = meanAt(guess);
    const m1 = meanAt(guess + 0.01);
    const rawOffset = m1 !== m0 ? guess + ((target.mean - m0) * 0.01) / (m1 - m0) : guess;
    const offset = clampTo(rawOffset, limits.offset);
    const at = (x: number): number => clamp01(x * slope + offset) ** power;
    const err =
      4 * Math.abs(modelledMean(shot, at) - target.mean) +
      Math.abs(at(shot.lo) - target.lo) +
      Math.abs(at(shot.hi) - target.hi) +
      POWER_PREFERENCE * Math.abs(Math.log(power));
    if (err < best.err) {
      best = { slope, offset, power, limited: slope !== rawSlope || offset !== rawOffset, err };
    }
  }
  const limited =
    best.limited || best.power <= limits.power.min + 1e-9 || best.power >= limits.power.max - 1e-9;
  return { slope: best.slope, offset: best.offset, power: best.power, limited };
}

/** The CDL moving `shot` to `reference`, within `limits`. */
export function deriveCdl(options: DeriveCdlOptions): DerivedCdl {
  const { shot, reference, limits } = options;
  // Start from the plain chroma ratio: a washed-out shot is re-saturated rather than stretched.
  const startRaw = shot.saturation > 1e-4 ? reference.saturation / shot.saturation : 1;
  let saturation = clampTo(startRaw, limits.saturation);
  let satLimited = saturation !== startRaw;
  let fits: ChannelFit[] = [];
  for (let round = 0; round < 3; round++) {
    // Undo the saturation that will follow slope/offset/power.
    const undo = (v: Rgb): Rgb => applySaturation(v, 1 / saturation);
    const tLo = undo(reference.low);
    const tMean = undo(reference.mean);
    const tHi = undo(reference.high);
    fits = [0, 1, 2].map((c) => {
      const k = c as 0 | 1 | 2;
      return fitChannel(
        {
          min: shot.min[k],
          lo: shot.low[k],
          mean: shot.mean[k],
          hi: shot.high[k],
          max: shot.max[k],
        },
        { lo: tLo[k], mean: tMean[k], hi: tHi[k] },
        limits,
      );
    });
    // Chroma after slope/offset/power scales with the transfer's slope at the mean.
    const gain =
      fits.reduce((sum, f, c) => {
        const m = clamp01(shot.mean[c as 0 | 1 | 2] * f.slope + f.offset);
        return sum + f.power * f.slope * (m > 0 ? m ** (f.power - 1) : 1);
      }, 0) / 3;
    const predicted = shot.saturation * gain;
    const raw = predicted > 1e-4 ? reference.saturation / predicted : 1;
    saturation = clampTo(raw, limits.saturation);
    satLimited = saturation !== raw;
  }
  const pick = (key: 'slope' | 'offset' | 'power'): Rgb => [
    fits[0]?.[key] ?? 1,
    fits[1]?.[key] ?? 1,
    fits[2]?.[key] ?? 1,
  ];
  const full: Cdl = {
    slope: pick('slope'),
    offset: pick('offset'),
    power: pick('power'),
    saturation,
  };
  const capped = capShift(shot.mean, full, limits);
  return { cdl: capped, limited: capped !== full || satLimited || fits.some((f) => f.limited) };
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
