/**
 * SMPTE timecode to and from frame counts, ported line by line from the reference's
 * `RationalTime::to_timecode` / `from_timecode` (rationalTime.cpp), including its rate snapping
 * (29.97 is treated as 30000/1001) and its drop-frame inference (only 29.97 and 59.94 drop).
 */
import { LiberoError } from '../../shared/index.js';
import { cInt, cRound } from './c-math.js';
import { isDropframeRate, isSmpteTimecodeRate, nearestSmpteTimecodeRate } from './smpte-rates.js';

/** Drop-frame choice, the reference's `IsDropFrameRate` (InferFromRate, ForceNo, ForceYes). */
export type IsDropFrameRate = 'infer' | 'no' | 'yes';

/** What {@link toTimecode} needs of a time. */
export interface RescalableTime {
  valueRescaledTo(rate: number): number;
}

/** Options of {@link toTimecode}. */
export interface ToTimecodeOptions {
  rate: number;
  dropFrame: IsDropFrameRate;
}

function invalid(message: string, details: Record<string, unknown>): LiberoError {
  return new LiberoError('TIMELINE_INVALID_TIMECODE', message, { details });
}

/**
 * The timecode of `time` at `rate`. Throws TIMELINE_INVALID_TIMECODE for a negative time, a rate
 * more than 0.1 away from every SMPTE rate, or forced drop-frame at a non-drop rate.
 * @example toTimecode(new RationalTime(1800, 30000 / 1001), {rate: 30000 / 1001, dropFrame: 'infer'}) // "00:01:00;02"
 */
export function toTimecode(time: RescalableTime, options: ToTimecodeOptions): string {
  let rate = options.rate;
  const framesInTargetRate = time.valueRescaledTo(rate);
  if (framesInTargetRate < 0 || Number.isNaN(framesInTargetRate))
    throw invalid(`cannot write a timecode for a negative time (${framesInTargetRate} frames)`, {
      rate,
    });
  // The reference snaps truncated rates such as 29.97 or 23.976 to the exact SMPTE rate.
  const nearest = nearestSmpteTimecodeRate(rate);
  if (!(Math.abs(nearest - rate) <= 0.1))
    throw invalid(`rate ${rate} is not a timecode rate (23.976, 24, 25, 29.97, 30, ...)`, {
      rate,
    });
  rate = nearest;
  let dropframe = isDropframeRate(rate);
  if (options.dropFrame === 'yes' && !dropframe)
    throw invalid(`rate ${rate} has no drop-frame timecode (only 29.97 and 59.94 do)`, { rate });
  if (options.dropFrame !== 'infer') dropframe = options.dropFrame === 'yes';

  let dropframes = 0;
  let div = ':';
  if (!dropframe) {
    if (cRound(rate) === 24) rate = 24;
  } else {
    if (rate === 30000 / 1001) dropframes = 2;
    else if (rate === 60000 / 1001) dropframes = 4;
    div = ';';
  }
  const framesPerHour = cInt(cRound(rate * 60 * 60));
  const framesPer24Hours = framesPerHour * 24;
  const framesPer10Minutes = cInt(cRound(rate * 60 * 10));
  const framesPerMinute = cInt(cRound(rate) * 60 - dropframes);
  // Timecode rolls over after 24 hours.
  let value = framesInTargetRate % framesPer24Hours;
  if (dropframe) {
    const tenMinuteChunks = cInt(Math.floor(value / framesPer10Minutes));
    const framesOverTenMinutes = cInt(value % framesPer10Minutes);
    value +=
      framesOverTenMinutes > dropframes
        ? dropframes * 9 * tenMinuteChunks +
          dropframes * Math.floor((framesOverTenMinutes - dropframes) / framesPerMinute)
        : dropframes * 9 * tenMinuteChunks;
  }
  const nominalFps = cInt(Math.ceil(rate));
  const frames = cInt(value % nominalFps);
  const secondsTotal = cInt(Math.floor(value / nominalFps));
  const seconds = cInt(secondsTotal % 60);
  const minutes = cInt(Math.floor(secondsTotal / 60) % 60);
  const hours = cInt(Math.floor(Math.floor(secondsTotal / 60) / 60));
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${div}${pad2(frames)}`;
}

/**
 * The frame count of a timecode at an exact SMPTE `rate`. A ';' anywhere means drop-frame and
 * needs 29.97 or 59.94. Throws TIMELINE_INVALID_TIMECODE (never returns NaN).
 */
export function fromTimecode(timecode: string, rate: number): number {
  const details = { timecode, rate };
  if (!isSmpteTimecodeRate(rate))
    throw invalid(
      `timecode "${timecode}": rate ${rate} is not an exact SMPTE timecode rate (use 24000/1001 for 23.976)`,
      details,
    );
  let dropframe = isDropframeRate(rate);
  if (timecode.includes(';')) {
    if (!dropframe)
      throw invalid(
        `timecode "${timecode}" is drop-frame (';') but rate ${rate} is not a drop-frame rate`,
        details,
      );
  } else {
    dropframe = false;
  }
  // The reference splits fixed 2-character fields at 0, 3, 6, 9 and reads each with stoi; we
  // also insist on the HH:MM:SS:FF shape so that garbage is an error rather than a number.
  if (!/^\d\d[:;.]\d\d[:;.]\d\d[:;.]\d\d$/.test(timecode))
    throw invalid(`"${timecode}" is not a timecode of the form HH:MM:SS:FF`, details);
  const hours = Number(timecode.slice(0, 2));
  const minutes = Number(timecode.slice(3, 5));
  const seconds = Number(timecode.slice(6, 8));
  const frames = Number(timecode.slice(9, 11));
  const nominalFps = cInt(Math.ceil(rate));
  if (frames >= nominalFps)
    throw invalid(
      `timecode "${timecode}" has frame ${frames}, beyond ${nominalFps - 1} at rate ${rate}`,
      details,
    );
  let dropframes = 0;
  if (dropframe) {
    if (rate === 30000 / 1001) dropframes = 2;
    else if (rate === 60000 / 1001) dropframes = 4;
  }
  const totalMinutes = hours * 60 + minutes;
  return (
    (totalMinutes * 60 + seconds) * nominalFps +
    frames -
    dropframes * (totalMinutes - Math.trunc(totalMinutes / 10))
  );
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
