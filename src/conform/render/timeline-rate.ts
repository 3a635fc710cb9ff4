/** The frame rate of a timeline and of OTIO's float rates, as exact rationals (pure). */
import type { Timeline } from '../../timeline/index.js';
import type { FrameRate } from './render-plan.js';

/** 24 -> 24/1, 23.976... -> 24000/1001, 29.97 -> 30000/1001; else the nearest /1000. */
export function frameRateOf(rate: number): FrameRate {
  if (Math.abs(rate - Math.round(rate)) < 1e-6) return { num: Math.round(rate), den: 1 };
  const ntsc = (rate * 1001) / 1000;
  if (Math.abs(ntsc - Math.round(ntsc)) < 1e-3) return { num: Math.round(ntsc) * 1000, den: 1001 };
  return { num: Math.round(rate * 1000), den: 1000 };
}

/**
 * The rate a timeline is cut at: its `global_start_time` rate (NLEs write the project rate
 * there), else the rate of its first clip's record range, else 24.
 */
export function timelineRate(timeline: Timeline): FrameRate {
  if (timeline.globalStartTime !== null && timeline.globalStartTime.rate > 0)
    return frameRateOf(timeline.globalStartTime.rate);
  try {
    const rate = timeline.duration().rate;
    if (rate > 1) return frameRateOf(rate);
  } catch {
    // No computable duration: fall through.
  }
  return { num: 24, den: 1 };
}
