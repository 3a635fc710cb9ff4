/**
 * Time strings ("HH:MM:SS.ssssss", the form ffmpeg reads), ported from the reference's
 * `RationalTime::to_time_string` / `from_time_string` (rationalTime.cpp).
 */
import { LiberoError } from '../../shared/index.js';
import { isSmpteTimecodeRate } from './smpte-rates.js';

const SECONDS_PER_DAY = 86400;

/**
 * Seconds as "HH:MM:SS.ffffff" (at most 6 fractional digits, at least ".0", rolling over after
 * 24 hours, a leading '-' for negative times), exactly as the reference formats it.
 * @example toTimeString(3661.5) // "01:01:01.5"
 */
export function toTimeString(totalSecondsIn: number): string {
  let totalSeconds = totalSecondsIn;
  let negative = false;
  if (totalSeconds < 0 || Object.is(totalSeconds, -0)) {
    totalSeconds = Math.abs(totalSeconds);
    negative = true;
  }
  const hourUnits = totalSeconds % SECONDS_PER_DAY;
  const hours = Math.floor(hourUnits / 3600);
  const minuteUnits = hourUnits % 3600;
  const minutes = Math.floor(minuteUnits / 60);
  const seconds = minuteUnits % 60;
  const intpart = Math.trunc(seconds);
  const fractpart = seconds - intpart;
  // "%.7g" of the fraction, leading "0" dropped, cut to 7 characters (".ffffff").
  let micro = formatG7(fractpart).slice(1);
  micro = micro.length === 0 ? '.0' : micro.slice(0, 7);
  return `${negative ? '-' : ''}${pad2(hours)}:${pad2(minutes)}:${pad2(intpart)}${micro}`;
}

/**
 * Seconds from "HH:MM:SS.sss", "MM:SS.sss" or "SS.sss" (the reference also requires an SMPTE
 * `rate`, which the caller then rescales to). Minutes and seconds after a ':' must be below 60.
 * Throws TIMELINE_INVALID_TIMECODE.
 */
export function fromTimeString(timeString: string, rate: number): number {
  const fail = (why: string): LiberoError =>
    new LiberoError('TIMELINE_INVALID_TIMECODE', `time string "${timeString}": ${why}`, {
      details: { timeString, rate },
    });
  if (!isSmpteTimecodeRate(rate)) throw fail(`rate ${rate} is not an SMPTE timecode rate`);
  const fields = timeString.split(':');
  if (fields.length > 3) throw fail('more than three fields (HH:MM:SS.sss)');
  let accumulator = 0;
  for (let radix = 0; radix < fields.length; radix++) {
    const field = fields[fields.length - 1 - radix] ?? '';
    const leftmost = radix === fields.length - 1;
    if (!/^\d*(\.\d*)?$/.test(field)) throw fail(`field "${field}" is not a number`);
    if (field === '') continue;
    if (!leftmost && !/^\d/.test(field)) throw fail(`field "${field}" must start with a digit`);
    const value = Number(field === '.' ? '0' : field);
    if (!leftmost && radix < 2 && value >= 60) throw fail(`field "${field}" must be below 60`);
    accumulator += value * (radix === 0 ? 1 : radix === 1 ? 60 : 3600);
  }
  return accumulator;
}

/** C's printf "%.7g". */
function formatG7(x: number): string {
  if (x === 0) return '0';
  const exp = Number(x.toExponential(6).split('e')[1]);
  if (exp < -4 || exp >= 7) {
    const [mantissa = '', e = '0'] = x.toExponential(6).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${pad2(Math.abs(n))}`;
  }
  const fixed = x.toFixed(Math.max(0, 6 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
