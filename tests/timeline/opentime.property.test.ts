/** Property tests for opentime: rescale round trips, timecode round trips, range algebra. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RationalTime, SMPTE_TIMECODE_RATES, TimeRange } from '../../src/timeline/index.js';

const rate = fc.oneof(
  fc.constantFrom(...SMPTE_TIMECODE_RATES),
  fc.double({ min: 1, max: 192000, noNaN: true }),
);
const frames = fc.integer({ min: -1e9, max: 1e9 });

describe('RationalTime properties', () => {
  it('rescaling there and back returns the same time (within float rounding)', () => {
    fc.assert(
      fc.property(frames, rate, rate, (value, r1, r2) => {
        const t = new RationalTime(value, r1);
        const back = t.rescaledTo(r2).rescaledTo(r1);
        expect(back.rate).toBe(r1);
        expect(Math.abs(back.value - value)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(value)),
        );
      }),
    );
  });

  it('add then subtract is the identity at the higher rate', () => {
    fc.assert(
      fc.property(frames, frames, fc.constantFrom(24, 25, 48), (a, b, r) => {
        const x = new RationalTime(a, r);
        const y = new RationalTime(b, r);
        expect(x.add(y).subtract(y).strictlyEqual(x)).toBe(true);
      }),
    );
  });

  // Every SMPTE rate, with drop-frame inferred (29.97/59.94 drop) and forced off.
  for (const smpte of SMPTE_TIMECODE_RATES) {
    it(`timecode round-trips at ${smpte.toFixed(3)} fps`, () => {
      // The reference rolls timecode over at round(rate * 3600) * 24 frames (to_timecode's
      // frames_per_24_hours), which for 23.976/29.97/47.952/59.94 is a little less than 24 h of
      // nominal frames; round trips hold below that.
      const day = Math.round(smpte * 3600) * 24 - 1;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: day }), (value) => {
          const t = new RationalTime(value, smpte);
          for (const dropFrame of ['infer', 'no'] as const) {
            const tc = t.toTimecode(smpte, dropFrame);
            expect(RationalTime.fromTimecode(tc, smpte).value).toBe(value);
          }
        }),
      );
    });
  }

  it('time strings round-trip to the microsecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 86400 - 1 }),
        fc.constantFrom(24, 25, 30, 48, 50, 60),
        (value, r) => {
          const t = new RationalTime(value, r);
          const back = RationalTime.fromTimeString(t.toTimeString(), r);
          expect(Math.abs(back.toSeconds() - t.toSeconds())).toBeLessThan(2e-6);
        },
      ),
    );
  });
});

const range = fc
  .tuple(
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.integer({ min: 0, max: 1e6 }),
    fc.constantFrom(24, 25, 30000 / 1001, 48),
  )
  .map(([s, d, r]) => TimeRange.fromValues(s, d, r));

describe('TimeRange algebra', () => {
  it('extendedBy is commutative and holds both ranges', () => {
    fc.assert(
      fc.property(range, range, (a, b) => {
        const ab = a.extendedBy(b);
        expect(ab.equals(b.extendedBy(a))).toBe(true);
        expect(ab.startTime.le(a.startTime) && ab.startTime.le(b.startTime)).toBe(true);
        expect(ab.endTimeExclusive().toSeconds()).toBeGreaterThanOrEqual(
          a.endTimeExclusive().toSeconds() - 1e-9,
        );
      }),
    );
  });

  it('intersects is symmetric, and a range with duration intersects itself', () => {
    fc.assert(
      fc.property(range, range, (a, b) => {
        expect(a.intersects(b)).toBe(b.intersects(a));
        if (a.duration.value > 0) expect(a.intersects(a)).toBe(true);
      }),
    );
  });

  it('start + duration is the exclusive end, and rangeFromStartEndTime inverts it', () => {
    fc.assert(
      fc.property(range, (a) => {
        const end = a.endTimeExclusive();
        expect(RationalTime.durationFromStartEndTime(a.startTime, end).equals(a.duration)).toBe(
          true,
        );
        expect(TimeRange.rangeFromStartEndTime(a.startTime, end).equals(a)).toBe(true);
      }),
    );
  });

  it('clamping a range into itself changes nothing; clamped ranges lie inside', () => {
    fc.assert(
      fc.property(range, range, (a, b) => {
        expect(a.clamped(a).equals(a)).toBe(true);
        const c = a.clamped(b);
        if (c.duration.value >= 0) expect(c.startTime.ge(a.startTime)).toBe(true);
      }),
    );
  });
});
