/**
 * A point in time or a duration as `value` frames at `rate` frames per second, ported from the
 * reference's `opentime/rationalTime.h` (OpenTimelineIO main, bc5fe2d7). Immutable.
 * Timecode and time strings live in `timecode.ts` and `time-string.ts`; the methods here
 * delegate to them so the API reads like OTIO's (`rt.toTimecode()`).
 */
import { fromTimeString, toTimeString } from './time-string.js';
import { fromTimecode, toTimecode } from './timecode.js';
import type { IsDropFrameRate } from './timecode.js';
import { cRound } from './c-math.js';
import { isSmpteTimecodeRate, nearestSmpteTimecodeRate } from './smpte-rates.js';

/** A time value at a rate; `rate <= 0` or NaN marks an invalid time (as in the reference). */
export class RationalTime {
  /** The number of frames (may be fractional). */
  readonly value: number;
  /** Frames per second. */
  readonly rate: number;

  constructor(value = 0, rate = 1) {
    this.value = value;
    this.rate = rate;
  }

  /** True when the rate is not positive or either field is NaN. */
  isInvalidTime(): boolean {
    return Number.isNaN(this.rate) || Number.isNaN(this.value) ? true : this.rate <= 0;
  }

  /** The opposite of {@link isInvalidTime}. */
  isValidTime(): boolean {
    return !Number.isNaN(this.rate) && !Number.isNaN(this.value) && this.rate > 0;
  }

  /** This time at another rate (a rate number or the rate of another time). */
  rescaledTo(newRate: number | RationalTime): RationalTime {
    const rate = typeof newRate === 'number' ? newRate : newRate.rate;
    return new RationalTime(this.valueRescaledTo(rate), rate);
  }

  /** The value this time has at another rate. */
  valueRescaledTo(newRate: number | RationalTime): number {
    const rate = typeof newRate === 'number' ? newRate : newRate.rate;
    return rate === this.rate ? this.value : this.rate > 0 ? (this.value * rate) / this.rate : 0;
  }

  /** True when both are within `delta` frames of each other at `other`'s rate. */
  almostEqual(other: RationalTime, delta = 0): boolean {
    return Math.abs(this.valueRescaledTo(other.rate) - other.value) <= delta;
  }

  /** Same value and same rate, no rescaling. */
  strictlyEqual(other: RationalTime): boolean {
    return this.value === other.value && this.rate === other.rate;
  }

  /** The reference's `==`: this rescaled to `other`'s rate has exactly `other`'s value. */
  equals(other: RationalTime): boolean {
    return this.valueRescaledTo(other.rate) === other.value;
  }

  /** `>` compares seconds (`value / rate`), as the reference does. */
  gt(other: RationalTime): boolean {
    return this.value / this.rate > other.value / other.rate;
  }

  /** `>=` in seconds. */
  ge(other: RationalTime): boolean {
    return this.value / this.rate >= other.value / other.rate;
  }

  /** `<` is `!(this >= other)` as in the reference (so NaN compares as less). */
  lt(other: RationalTime): boolean {
    return !this.ge(other);
  }

  /** `<=` is `!(this > other)`. */
  le(other: RationalTime): boolean {
    return !this.gt(other);
  }

  /** Sum at the higher of the two rates. */
  add(other: RationalTime): RationalTime {
    return this.rate < other.rate
      ? new RationalTime(this.valueRescaledTo(other.rate) + other.value, other.rate)
      : new RationalTime(other.valueRescaledTo(this.rate) + this.value, this.rate);
  }

  /** Difference at the higher of the two rates. */
  subtract(other: RationalTime): RationalTime {
    return this.rate < other.rate
      ? new RationalTime(this.valueRescaledTo(other.rate) - other.value, other.rate)
      : new RationalTime(this.value - other.valueRescaledTo(this.rate), this.rate);
  }

  /** The negated time. */
  negate(): RationalTime {
    return new RationalTime(-this.value, this.rate);
  }

  /** Value rounded down. */
  floor(): RationalTime {
    return new RationalTime(Math.floor(this.value), this.rate);
  }

  /** Value rounded up. */
  ceil(): RationalTime {
    return new RationalTime(Math.ceil(this.value), this.rate);
  }

  /** Value rounded half away from zero (C++ `std::round`). */
  round(): RationalTime {
    return new RationalTime(cRound(this.value), this.rate);
  }

  /** The value truncated to an integer frame (C++ `int(value)`), optionally at another rate. */
  toFrames(rate?: number): number {
    return Math.trunc(rate === undefined ? this.value : this.valueRescaledTo(rate));
  }

  /** Seconds as a double. */
  toSeconds(): number {
    return this.valueRescaledTo(1);
  }

  /**
   * SMPTE timecode at `rate` (default: this time's rate). Drop-frame is inferred from the rate
   * unless forced. Throws TIMELINE_INVALID_TIMECODE for negative times or non-SMPTE rates.
   * @example new RationalTime(86400, 24).toTimecode() // "01:00:00:00"
   */
  toTimecode(rate: number = this.rate, dropFrame: IsDropFrameRate = 'infer'): string {
    return toTimecode(this, { rate, dropFrame });
  }

  /** Like {@link toTimecode} but snaps `rate` to the nearest SMPTE rate first. */
  toNearestTimecode(rate: number = this.rate, dropFrame: IsDropFrameRate = 'infer'): string {
    return toTimecode(this, { rate: nearestSmpteTimecodeRate(rate), dropFrame });
  }

  /** "HH:MM:SS.micro" as ffmpeg reads it, e.g. "00:00:01.5". */
  toTimeString(): string {
    return toTimeString(this.toSeconds());
  }

  /** For JSON.stringify and debugging: `{value, rate}`. */
  toJSON(): { value: number; rate: number } {
    return { value: this.value, rate: this.rate };
  }

  /** `value@rate`, handy in messages. */
  toString(): string {
    return `${this.value}@${this.rate}`;
  }

  /** Duration from a start to an exclusive end, at the start's rate. */
  static durationFromStartEndTime(start: RationalTime, endExclusive: RationalTime): RationalTime {
    return start.rate === endExclusive.rate
      ? new RationalTime(endExclusive.value - start.value, start.rate)
      : new RationalTime(endExclusive.valueRescaledTo(start) - start.value, start.rate);
  }

  /** Duration from a start to an inclusive end (one frame more), at the start's rate. */
  static durationFromStartEndTimeInclusive(
    start: RationalTime,
    endInclusive: RationalTime,
  ): RationalTime {
    return start.rate === endInclusive.rate
      ? new RationalTime(endInclusive.value - start.value + 1, start.rate)
      : new RationalTime(endInclusive.valueRescaledTo(start) - start.value + 1, start.rate);
  }

  /** A whole frame (the fraction is truncated, as the reference's `int(frame)`). */
  static fromFrames(frame: number, rate: number): RationalTime {
    return new RationalTime(Math.trunc(frame), rate);
  }

  /** Seconds as a time at `rate` (default 1). */
  static fromSeconds(seconds: number, rate?: number): RationalTime {
    const t = new RationalTime(seconds, 1);
    return rate === undefined ? t : t.rescaledTo(rate);
  }

  /** Parses SMPTE timecode ("01:00:00:00", "00:01:00;02"); throws TIMELINE_INVALID_TIMECODE. */
  static fromTimecode(timecode: string, rate: number): RationalTime {
    return new RationalTime(fromTimecode(timecode, rate), rate);
  }

  /** Parses "HH:MM:SS.sss" (fields may be omitted from the left); throws on bad input. */
  static fromTimeString(timeString: string, rate: number): RationalTime {
    return RationalTime.fromSeconds(fromTimeString(timeString, rate), rate);
  }

  /** True for the SMPTE rates 23.976, 24, 25, 29.97, 30, 47.952, 48, 50, 59.94, 60. */
  static isSmpteTimecodeRate(rate: number): boolean {
    return isSmpteTimecodeRate(rate);
  }

  /** The SMPTE rate nearest to `rate`. */
  static nearestSmpteTimecodeRate(rate: number): number {
    return nearestSmpteTimecodeRate(rate);
  }
}
