/**
 * A take's look: per RGB channel its black point (10th percentile), mean and white point (90th
 * percentile), its mean saturation, and the average colour of every sampled frame in CIELAB.
 * Summarised from the frames ffmpeg measured (src/media colour pass). Pure.
 */
import type { ColourFrame } from '../../media/index.js';
import type { Rgb } from './cdl.js';
import { rgbToLab } from './lab.js';
import type { Lab } from './lab.js';

/** Per channel levels of a look (0..1 code values). */
export interface ChannelLevels {
  readonly min: Rgb;
  readonly low: Rgb;
  readonly mean: Rgb;
  readonly high: Rgb;
  readonly max: Rgb;
}

/** The colour statistics of one take, stored with the take. */
export interface LookStats extends ChannelLevels {
  /**
   * How saturated the look is: the spread of its chroma (signalstats U/V 10th..90th
   * percentile, / 255), which a colour cast leaves alone and the CDL saturation scales.
   */
  readonly saturation: number;
  /** Average colour of each sampled frame, CIELAB. */
  readonly frameLabs: readonly Lab[];
  /** The look's overall colour: CIELAB of the mean of the frame averages. */
  readonly lab: Lab;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const mean = (values: readonly number[]): number =>
  values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

/** Summarises measured frames into a look (levels are medians over frames). */
export function summariseLook(frames: readonly ColourFrame[]): LookStats {
  const per = (pick: (f: ColourFrame) => number): number => median(frames.map(pick));
  const avgs: Rgb[] = frames.map((f) => [f.r.avg, f.g.avg, f.b.avg]);
  const meanRgb: Rgb = [
    mean(avgs.map((c) => c[0])),
    mean(avgs.map((c) => c[1])),
    mean(avgs.map((c) => c[2])),
  ];
  return {
    min: [per((f) => f.r.min), per((f) => f.g.min), per((f) => f.b.min)],
    low: [per((f) => f.r.low), per((f) => f.g.low), per((f) => f.b.low)],
    mean: meanRgb,
    high: [per((f) => f.r.high), per((f) => f.g.high), per((f) => f.b.high)],
    max: [per((f) => f.r.max), per((f) => f.g.max), per((f) => f.b.max)],
    saturation: per((f) => f.chromaSpread),
    frameLabs: avgs.map(rgbToLab),
    lab: rgbToLab(meanRgb),
  };
}
