/**
 * A range of time: a start and a duration, ported from the reference's `opentime/timeRange.h`.
 * Comparisons of ranges work in seconds with the reference's epsilon (half a sample at
 * 192 kHz), so ranges at different rates compare sensibly. Immutable.
 */
import { RationalTime } from './rational-time.js';

/** The reference's `DEFAULT_EPSILON_s`: 1 / (2 * 192000) seconds. */
export const DEFAULT_EPSILON_S = 1.0 / (2 * 192000.0);

function greaterThan(lhs: number, rhs: number, epsilon: number): boolean {
  return lhs - rhs >= epsilon;
}

function lesserThan(lhs: number, rhs: number, epsilon: number): boolean {
  return rhs - lhs >= epsilon;
}

/** std::min with the reference's operator< on RationalTime. */
function rtMin(a: RationalTime, b: RationalTime): RationalTime {
  return b.lt(a) ? b : a;
}

/** std::max with the reference's operator< on RationalTime. */
function rtMax(a: RationalTime, b: RationalTime): RationalTime {
  return a.lt(b) ? b : a;
}

/** A start time and a duration. */
export class TimeRange {
  readonly startTime: RationalTime;
  readonly duration: RationalTime;

  /** `new TimeRange(start)` has zero duration at the start's rate; no arguments means 0@1 + 0@1. */
  constructor(startTime: RationalTime = new RationalTime(), duration?: RationalTime) {
    this.startTime = startTime;
    this.duration = duration ?? new RationalTime(0, startTime.rate);
  }

  /** A range from plain numbers at one rate. */
  static fromValues(startTime: number, duration: number, rate: number): TimeRange {
    return new TimeRange(new RationalTime(startTime, rate), new RationalTime(duration, rate));
  }

  /** An invalid time in either field, or a negative duration. */
  isInvalidRange(): boolean {
    return (
      this.startTime.isInvalidTime() || this.duration.isInvalidTime() || this.duration.value < 0
    );
  }

  /** The opposite of {@link isInvalidRange}. */
  isValidRange(): boolean {
    return this.startTime.isValidTime() && this.duration.isValidTime() && this.duration.value >= 0;
  }

  /** The first time after the range, at the duration's rate. */
  endTimeExclusive(): RationalTime {
    return this.duration.add(this.startTime.rescaledTo(this.duration));
  }

  /**
   * The last frame inside the range: one frame before the exclusive end (or its floor for
   * fractional durations); the start itself when the range is one frame or shorter.
   */
  endTimeInclusive(): RationalTime {
    const et = this.endTimeExclusive();
    if (et.subtract(this.startTime.rescaledTo(this.duration)).value > 1) {
      return this.duration.value !== Math.floor(this.duration.value)
        ? et.floor()
        : et.subtract(new RationalTime(1, this.duration.rate));
    }
    return this.startTime;
  }

  /** Same start, duration grown by `other`. */
  durationExtendedBy(other: RationalTime): TimeRange {
    return new TimeRange(this.startTime, this.duration.add(other));
  }

  /** The smallest range holding both. */
  extendedBy(other: TimeRange): TimeRange {
    const start = rtMin(this.startTime, other.startTime);
    const end = rtMax(this.endTimeExclusive(), other.endTimeExclusive());
    return new TimeRange(start, RationalTime.durationFromStartEndTime(start, end));
  }

  /** A time clamped into [start, endTimeInclusive], or a range clamped into this range. */
  clamped(other: RationalTime): RationalTime;
  clamped(other: TimeRange): TimeRange;
  clamped(other: RationalTime | TimeRange): RationalTime | TimeRange {
    if (other instanceof RationalTime)
      return rtMin(rtMax(other, this.startTime), this.endTimeInclusive());
    const r = new TimeRange(rtMax(other.startTime, this.startTime), other.duration);
    const end = rtMin(r.endTimeExclusive(), this.endTimeExclusive());
    return new TimeRange(r.startTime, end.subtract(r.startTime));
  }

  /** A time in [start, endExclusive), or a range strictly inside this one (by epsilon). */
  contains(other: RationalTime | TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    if (other instanceof RationalTime)
      return this.startTime.le(other) && other.lt(this.endTimeExclusive());
    const thisStart = this.startTime.toSeconds();
    const thisEnd = this.endTimeExclusive().toSeconds();
    const otherStart = other.startTime.toSeconds();
    const otherEnd = other.endTimeExclusive().toSeconds();
    return greaterThan(otherStart, thisStart, epsilonS) && lesserThan(otherEnd, thisEnd, epsilonS);
  }

  /** For a time: {@link contains}. For a range: this starts before `other` and ends inside it. */
  overlaps(other: RationalTime | TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    if (other instanceof RationalTime) return this.contains(other);
    const thisStart = this.startTime.toSeconds();
    const thisEnd = this.endTimeExclusive().toSeconds();
    const otherStart = other.startTime.toSeconds();
    const otherEnd = other.endTimeExclusive().toSeconds();
    return (
      lesserThan(thisStart, otherStart, epsilonS) &&
      greaterThan(thisEnd, otherStart, epsilonS) &&
      greaterThan(otherEnd, thisEnd, epsilonS)
    );
  }

  /** This ends before `other` starts (a range) or before the time (by epsilon). */
  before(other: RationalTime | TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    const thisEnd = this.endTimeExclusive().toSeconds();
    if (other instanceof RationalTime) return lesserThan(thisEnd, other.toSeconds(), epsilonS);
    return greaterThan(other.startTime.toSeconds(), thisEnd, epsilonS);
  }

  /** This ends exactly where `other` starts (within epsilon, never after). */
  meets(other: TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    const thisEnd = this.endTimeExclusive().toSeconds();
    const otherStart = other.startTime.toSeconds();
    return otherStart - thisEnd <= epsilonS && otherStart - thisEnd >= 0;
  }

  /** Both start together and this ends first (a range), or `other` is this start (a time). */
  begins(other: RationalTime | TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    const thisStart = this.startTime.toSeconds();
    if (other instanceof RationalTime) return Math.abs(other.toSeconds() - thisStart) <= epsilonS;
    const thisEnd = this.endTimeExclusive().toSeconds();
    const otherStart = other.startTime.toSeconds();
    const otherEnd = other.endTimeExclusive().toSeconds();
    return Math.abs(otherStart - thisStart) <= epsilonS && lesserThan(thisEnd, otherEnd, epsilonS);
  }

  /** Both end together and this starts later (a range), or `other` is this end (a time). */
  finishes(other: RationalTime | TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    const thisEnd = this.endTimeExclusive().toSeconds();
    if (other instanceof RationalTime) return Math.abs(thisEnd - other.toSeconds()) <= epsilonS;
    const thisStart = this.startTime.toSeconds();
    const otherStart = other.startTime.toSeconds();
    const otherEnd = other.endTimeExclusive().toSeconds();
    return Math.abs(thisEnd - otherEnd) <= epsilonS && greaterThan(thisStart, otherStart, epsilonS);
  }

  /** The two ranges share some time (by epsilon). */
  intersects(other: TimeRange, epsilonS = DEFAULT_EPSILON_S): boolean {
    const thisStart = this.startTime.toSeconds();
    const thisEnd = this.endTimeExclusive().toSeconds();
    const otherStart = other.startTime.toSeconds();
    const otherEnd = other.endTimeExclusive().toSeconds();
    return lesserThan(thisStart, otherEnd, epsilonS) && greaterThan(thisEnd, otherStart, epsilonS);
  }

  /** The reference's `==`: start and duration each differ by less than epsilon seconds. */
  equals(other: TimeRange): boolean {
    const start = this.startTime.subtract(other.startTime);
    const duration = this.duration.subtract(other.duration);
    return (
      Math.abs(start.toSeconds()) < DEFAULT_EPSILON_S &&
      Math.abs(duration.toSeconds()) < DEFAULT_EPSILON_S
    );
  }

  /** Same fields exactly, no rescaling. */
  strictlyEqual(other: TimeRange): boolean {
    return (
      this.startTime.strictlyEqual(other.startTime) && this.duration.strictlyEqual(other.duration)
    );
  }

  /** For JSON.stringify: `{start_time, duration}` with `{value, rate}` times. */
  toJSON(): {
    start_time: { value: number; rate: number };
    duration: { value: number; rate: number };
  } {
    return { start_time: this.startTime.toJSON(), duration: this.duration.toJSON() };
  }

  /** `[start, +duration)`, handy in messages. */
  toString(): string {
    return `[${this.startTime.toString()} +${this.duration.toString()})`;
  }

  /** The range from a start to an exclusive end. */
  static rangeFromStartEndTime(start: RationalTime, endExclusive: RationalTime): TimeRange {
    return new TimeRange(start, RationalTime.durationFromStartEndTime(start, endExclusive));
  }

  /** The range from a start to an inclusive end. */
  static rangeFromStartEndTimeInclusive(
    start: RationalTime,
    endInclusive: RationalTime,
  ): TimeRange {
    return new TimeRange(
      start,
      RationalTime.durationFromStartEndTimeInclusive(start, endInclusive),
    );
  }
}
