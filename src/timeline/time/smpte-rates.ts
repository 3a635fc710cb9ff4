/** The timecode rates of the reference's `rationalTime.cpp`. */

/**
 * The SMPTE ST 12-1 rates of the reference's `smpte_timecode_rates`. (The C++ array is declared
 * with 11 slots and 10 values, so it also holds a 0 by accident; we leave that quirk out.)
 */
export const SMPTE_TIMECODE_RATES: readonly number[] = [
  24000 / 1001,
  24,
  25,
  30000 / 1001,
  30,
  48000 / 1001,
  48,
  50,
  60000 / 1001,
  60,
];

/** The rates that use drop-frame timecode when drop-frame is inferred (29.97 and 59.94 exactly). */
export const DROPFRAME_TIMECODE_RATES: readonly number[] = [30000 / 1001, 60000 / 1001];

/** True for the exact SMPTE rates (23.976 means 24000/1001, not the literal 23.976). */
export function isSmpteTimecodeRate(rate: number): boolean {
  return SMPTE_TIMECODE_RATES.includes(rate);
}

/** True for 30000/1001 and 60000/1001. */
export function isDropframeRate(rate: number): boolean {
  return DROPFRAME_TIMECODE_RATES.includes(rate);
}

/** The SMPTE rate nearest to `rate` (the first one wins ties, as in the reference). */
export function nearestSmpteTimecodeRate(rate: number): number {
  let nearest = 0;
  let minDiff = Number.MAX_VALUE;
  for (const smpte of SMPTE_TIMECODE_RATES) {
    if (smpte === rate) return rate;
    const diff = Math.abs(rate - smpte);
    if (diff >= minDiff) continue;
    minDiff = diff;
    nearest = smpte;
  }
  return nearest;
}
