/** opentime: times, ranges, transforms, timecode. Knows nothing of timelines. */
export { RationalTime } from './rational-time.js';
export { TimeRange, DEFAULT_EPSILON_S } from './time-range.js';
export { TimeTransform } from './time-transform.js';
export { toTimecode, fromTimecode } from './timecode.js';
export type { IsDropFrameRate, ToTimecodeOptions } from './timecode.js';
export { toTimeString, fromTimeString } from './time-string.js';
export {
  SMPTE_TIMECODE_RATES,
  DROPFRAME_TIMECODE_RATES,
  isSmpteTimecodeRate,
  isDropframeRate,
  nearestSmpteTimecodeRate,
} from './smpte-rates.js';
