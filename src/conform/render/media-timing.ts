/**
 * Which media frame is on screen at each record frame: the frame-rate conform, speed change
 * (LinearTimeWarp) and freeze frame, as numbers (pure).
 *
 * Record frame k of a source shows the media frame on screen at the instant
 * `t = sourceStart + k * timeScalar / timelineRate`, i.e. `floor(t * mediaRate)`. Media
 * frame i is first on screen at record frame `ceil((i / mediaRate - sourceStart) *
 * timelineRate / timeScalar)`; the render gives frame i that timestamp and lets ffmpeg's
 * `fps` filter repeat or drop frames on the exact integer grid.
 */
import type { FrameRate, MediaSource } from './render-plan.js';

/** Tolerance in frames for instants that land a hair before a frame boundary. */
const EPSILON = 1e-6;

/** The media frame on screen at record frame `k` (0 = the source's first record frame). */
export function mediaFrameAt(source: MediaSource, k: number, timelineRate: FrameRate): number {
  const seconds =
    source.sourceStart + (k * source.timeScalar * timelineRate.den) / timelineRate.num;
  return Math.floor((seconds * source.video.rate.num) / source.video.rate.den + EPSILON);
}

/** The media frames a run of record frames needs, and how to time them. */
export interface MediaWindow {
  /** First media frame used. */
  readonly first: number;
  /** One past the last media frame used. */
  readonly end: number;
  /** Record ticks (1/timelineRate) per media frame: `timelineRate / (mediaRate * timeScalar)`. */
  readonly ticksPerFrame: number;
  /** Record tick of media frame 0: `sourceStart * timelineRate / timeScalar` (subtracted). */
  readonly tickOrigin: number;
}

/** The media window for record frames `[offset, offset + count)` of a source. */
export function mediaWindow(options: {
  source: MediaSource;
  offset: number;
  count: number;
  timelineRate: FrameRate;
}): MediaWindow {
  const { source, offset, count, timelineRate } = options;
  const first = mediaFrameAt(source, offset, timelineRate);
  const last = mediaFrameAt(source, offset + count - 1, timelineRate);
  const media = source.video.rate;
  if (source.timeScalar === 0) return { first, end: first + 1, ticksPerFrame: 0, tickOrigin: 0 };
  const timeline = timelineRate.num / timelineRate.den;
  const mediaRate = media.num / media.den;
  const startSeconds =
    source.sourceStart + (offset * source.timeScalar * timelineRate.den) / timelineRate.num;
  return {
    first,
    end: last + 1,
    ticksPerFrame: timeline / (mediaRate * source.timeScalar),
    tickOrigin: (startSeconds * timeline) / source.timeScalar,
  };
}
