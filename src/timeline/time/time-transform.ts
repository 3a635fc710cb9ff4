/** An offset, a scale and an optional target rate, from the reference's `timeTransform.h`. */
import { RationalTime } from './rational-time.js';
import { TimeRange } from './time-range.js';

/** Maps times: `value * scale + offset`, then rescaled to `rate` when `rate > 0`. */
export class TimeTransform {
  readonly offset: RationalTime;
  readonly scale: number;
  /** Target rate; -1 (the default) keeps the input's rate. */
  readonly rate: number;

  constructor(offset: RationalTime = new RationalTime(), scale = 1, rate = -1) {
    this.offset = offset;
    this.scale = scale;
    this.rate = rate;
  }

  /** Applies the transform to a time, a range (start and exclusive end) or another transform. */
  appliedTo(other: RationalTime): RationalTime;
  appliedTo(other: TimeRange): TimeRange;
  appliedTo(other: TimeTransform): TimeTransform;
  appliedTo(
    other: RationalTime | TimeRange | TimeTransform,
  ): RationalTime | TimeRange | TimeTransform {
    if (other instanceof TimeRange)
      return TimeRange.rangeFromStartEndTime(
        this.appliedTo(other.startTime),
        this.appliedTo(other.endTimeExclusive()),
      );
    if (other instanceof TimeTransform)
      return new TimeTransform(
        this.offset.add(other.offset),
        this.scale * other.scale,
        this.rate > 0 ? this.rate : other.rate,
      );
    const result = new RationalTime(other.value * this.scale, other.rate).add(this.offset);
    const targetRate = this.rate > 0 ? this.rate : other.rate;
    return targetRate > 0 ? result.rescaledTo(targetRate) : result;
  }

  /** The reference's `==` (offsets compared with rescaling). */
  equals(other: TimeTransform): boolean {
    return (
      this.offset.equals(other.offset) && this.scale === other.scale && this.rate === other.rate
    );
  }
}
