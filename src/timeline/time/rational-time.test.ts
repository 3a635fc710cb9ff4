import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { RationalTime } from './rational-time.js';

const NTSC_2997 = 30000 / 1001;
const NTSC_23976 = 24000 / 1001;

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return null;
}

describe('RationalTime arithmetic (rationalTime.h)', () => {
  it('adds and subtracts at the higher rate', () => {
    // operator+ rescales the lower-rate operand to the higher rate.
    const sum = new RationalTime(1, 24).add(new RationalTime(1, 48));
    expect(sum.strictlyEqual(new RationalTime(3, 48))).toBe(true);
    const diff = new RationalTime(10, 48).subtract(new RationalTime(1, 24));
    expect(diff.strictlyEqual(new RationalTime(8, 48))).toBe(true);
  });

  it('compares in seconds and equals with rescaling', () => {
    expect(new RationalTime(24, 24).equals(new RationalTime(48, 48))).toBe(true);
    expect(new RationalTime(24, 24).strictlyEqual(new RationalTime(48, 48))).toBe(false);
    expect(new RationalTime(1, 24).lt(new RationalTime(3, 48))).toBe(true);
    expect(new RationalTime(1, 24).almostEqual(new RationalTime(2.001, 48), 0.01)).toBe(true);
  });

  it('marks rate <= 0 and NaN as invalid', () => {
    expect(new RationalTime(1, 0).isInvalidTime()).toBe(true);
    expect(new RationalTime(NaN, 24).isInvalidTime()).toBe(true);
    expect(new RationalTime(1, 24).isValidTime()).toBe(true);
  });

  it('rounds halves away from zero like std::round', () => {
    expect(new RationalTime(-2.5, 24).round().value).toBe(-3);
    expect(new RationalTime(2.5, 24).round().value).toBe(3);
    expect(RationalTime.fromFrames(-1.7, 24).value).toBe(-1);
  });

  it('converts seconds', () => {
    expect(RationalTime.fromSeconds(1.5, 24).value).toBe(36);
    expect(new RationalTime(36, 24).toSeconds()).toBe(1.5);
  });
});

describe('timecode (values from the reference tests/test_opentime.py)', () => {
  it.each([
    // test_timecode_2997: [value, non-drop timecode, drop-frame timecode]
    [10789, '00:05:59:19', '00:05:59;29'],
    [10790, '00:05:59:20', '00:06:00;02'],
    [17981, '00:09:59:11', '00:09:59;29'],
    [17982, '00:09:59:12', '00:10:00;00'],
    [17983, '00:09:59:13', '00:10:00;01'],
    [17984, '00:09:59:14', '00:10:00;02'],
  ])('29.97: %d frames are %s / %s and read back', (value, tc, dftc) => {
    const t = new RationalTime(value, NTSC_2997);
    expect(t.toTimecode(NTSC_2997, 'yes')).toBe(dftc);
    expect(t.toTimecode(NTSC_2997, 'no')).toBe(tc);
    // 29.97 infers drop-frame.
    expect(t.toTimecode()).toBe(dftc);
    expect(RationalTime.fromTimecode(dftc, NTSC_2997).value).toBe(value);
    expect(RationalTime.fromTimecode(tc, NTSC_2997).value).toBe(value);
  });

  it.each([
    // test_timecode_infer_drop_frame: truncated rates snap to the SMPTE rate and infer DF.
    [29.97, '10:03:00;05'],
    [NTSC_2997, '10:03:00;05'],
    [59.94, '05:01:30;03'],
    [60000 / 1001, '05:01:30;03'],
    // 23.976 has no drop-frame timecode and counts like 24 (derived, not in the reference
    // test): 1084319 = 45179 * 24 + 23 and 45179 s = 12 h 32 min 59 s.
    [23.976, '12:32:59:23'],
    [NTSC_23976, '12:32:59:23'],
  ])('1084319 frames at %d are %s', (rate, expected) => {
    expect(new RationalTime(1084319, rate).toTimecode(rate)).toBe(expected);
  });

  it.each([
    // test_timecode_23976_fps: 23.976 counts like 24.
    ['00:00:01:00', 24],
    ['00:01:00:00', 24 * 60],
    ['01:00:00:00', 24 * 60 * 60],
    ['24:00:00:00', 24 * 60 * 60 * 24],
    ['23:59:59:23', 24 * 60 * 60 * 24 - 1],
  ])('%s at 23.976 is %d frames', (tc, frames) => {
    expect(RationalTime.fromTimecode(tc, NTSC_23976).value).toBe(frames);
  });

  it('writes the usual NLE start timecodes', () => {
    expect(new RationalTime(86400, 24).toTimecode()).toBe('01:00:00:00');
    expect(new RationalTime(90000, 25).toTimecode()).toBe('01:00:00:00');
    expect(new RationalTime(108000, 30).toTimecode()).toBe('01:00:00:00');
    // 01:00:00;00 at 29.97 DF is 107892 frames (18 frames dropped per 10 minutes x 6).
    expect(new RationalTime(107892, NTSC_2997).toTimecode()).toBe('01:00:00;00');
  });

  it.each([
    ['drop-frame timecode at 24 fps', () => RationalTime.fromTimecode('01:00:13;23', 24)],
    ['frames beyond the rate', () => RationalTime.fromTimecode('00:00:00:24', 24)],
    ['a non-SMPTE rate', () => RationalTime.fromTimecode('00:00:01:00', 23.976)],
    ['garbage', () => RationalTime.fromTimecode('bogus', 24)],
    ['a negative time', () => new RationalTime(-1, 25).toTimecode()],
    ['a bogus rate', () => new RationalTime(100, 999).toTimecode(777)],
    [
      'forced drop-frame at 23.976',
      () => new RationalTime(30, NTSC_23976).toTimecode(NTSC_23976, 'yes'),
    ],
    ['a bogus time string', () => RationalTime.fromTimeString('bogus', 24)],
    ['seconds over 59', () => RationalTime.fromTimeString('00:00:61.0', 24)],
  ])('rejects %s with TIMELINE_INVALID_TIMECODE', (_what, f) => {
    expect(hasCode(errorOf(f), 'TIMELINE_INVALID_TIMECODE')).toBe(true);
  });
});

describe('time strings (rationalTime.cpp to_time_string / from_time_string)', () => {
  it.each([
    [new RationalTime(1, 24), '00:00:00.041666'],
    [new RationalTime(24, 24), '00:00:01.0'],
    [new RationalTime(3661.5 * 24, 24), '01:01:01.5'],
    [new RationalTime(-36, 24), '-00:00:01.5'],
  ])('%s is %s', (t, s) => {
    expect(t.toTimeString()).toBe(s);
  });

  it('reads what it writes (test_time_string_24)', () => {
    expect(
      RationalTime.fromTimeString('00:00:00.041667', 24).almostEqual(
        new RationalTime(1, 24),
        0.001,
      ),
    ).toBe(true);
    expect(RationalTime.fromTimeString('01:00:00', 24).value).toBe(86400);
    expect(RationalTime.fromTimeString('1.5', 24).value).toBe(36);
  });
});
