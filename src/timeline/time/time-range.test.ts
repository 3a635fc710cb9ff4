import { describe, expect, it } from 'vitest';
import { RationalTime } from './rational-time.js';
import { TimeRange } from './time-range.js';
import { TimeTransform } from './time-transform.js';

const r = (start: number, duration: number, rate = 24): TimeRange =>
  TimeRange.fromValues(start, duration, rate);

describe('TimeRange (timeRange.h)', () => {
  it.each([
    // [range, end_time_inclusive]: one frame before the exclusive end...
    [r(0, 10), 9],
    // ...the floor of the end for fractional durations...
    [r(0, 10.5), 10],
    // ...and the start itself for ranges of one frame or less.
    [r(5, 1), 5],
  ])('%s ends (inclusive) at %d', (range, end) => {
    expect(range.endTimeInclusive().value).toBe(end);
  });

  it('extends, clamps and measures across rates', () => {
    expect(r(0, 10).extendedBy(r(20, 5)).strictlyEqual(r(0, 25))).toBe(true);
    expect(r(0, 10).clamped(new RationalTime(20, 24)).value).toBe(9);
    expect(r(5, 10).clamped(r(0, 30)).strictlyEqual(r(5, 10))).toBe(true);
    expect(r(0, 24).equals(TimeRange.fromValues(0, 48, 48))).toBe(true);
    expect(
      TimeRange.rangeFromStartEndTime(new RationalTime(10, 24), new RationalTime(40, 48)).duration
        .value,
    ).toBe(10);
  });

  it.each([
    // [relation, a, b, expected] (Allen's interval relations with the reference's epsilon)
    ['contains', r(0, 10), r(2, 5), true],
    // contains is strict at both ends: a range does not contain itself.
    ['contains', r(0, 10), r(0, 10), false],
    ['overlaps', r(0, 10), r(5, 10), true],
    ['overlaps', r(0, 10), r(10, 10), false],
    ['intersects', r(0, 10), r(9, 10), true],
    // Ranges that only touch do not intersect.
    ['intersects', r(0, 10), r(10, 10), false],
    ['meets', r(0, 10), r(10, 5), true],
    ['before', r(0, 10), r(11, 5), true],
    ['begins', r(0, 5), r(0, 10), true],
    ['finishes', r(5, 5), r(0, 10), true],
  ] as const)('%s(%s, %s) is %s', (relation, a, b, expected) => {
    expect(a[relation](b)).toBe(expected);
  });

  it('contains times in [start, end)', () => {
    expect(r(0, 10).contains(new RationalTime(0, 24))).toBe(true);
    expect(r(0, 10).contains(new RationalTime(10, 24))).toBe(false);
  });

  it('treats differences below half a 192 kHz sample as equal', () => {
    expect(
      r(0, 10).equals(new TimeRange(new RationalTime(1e-7, 1), new RationalTime(10, 24))),
    ).toBe(true);
  });
});

describe('TimeTransform (timeTransform.h)', () => {
  it('scales, offsets and rescales', () => {
    const tt = new TimeTransform(new RationalTime(10, 24), 2, 48);
    const t = tt.appliedTo(new RationalTime(5, 24));
    // (5 * 2 + 10) @24 = 20@24 = 40@48
    expect(t.strictlyEqual(new RationalTime(40, 48))).toBe(true);
    expect(tt.appliedTo(r(0, 10)).duration.value).toBe(40);
  });
});
