/**
 * The closed list of error codes. Every code is documented in docs/errors.md; a test
 * fails when the two drift apart. Add a code here, then a row there.
 */
export const ERROR_CODES = [
  'INTERNAL',
  'USAGE',
  'FILE_NOT_FOUND',
  'FILE_WRITE_FAILED',
  'TIMELINE_INVALID_JSON',
  'TIMELINE_INVALID_SCHEMA',
  'TIMELINE_INVALID_RANGE',
  'TIMELINE_INVALID_TIMECODE',
  'TIMELINE_UNSUPPORTED_VERSION',
  'TIMELINE_BUNDLE_INVALID',
  'TIMELINE_CANNOT_COMPUTE',
  'CONFIG_INVALID',
  'FFMPEG_NOT_FOUND',
  'FFMPEG_MISSING_FILTER',
  'FFMPEG_EXIT_NONZERO',
  'FFPROBE_FAILED',
  'ABORTED',
  'ELEVENLABS_AUTH',
  'ELEVENLABS_QUOTA',
  'ELEVENLABS_REJECTED',
  'ELEVENLABS_RATE_LIMITED',
  'ELEVENLABS_UNAVAILABLE',
  'ELEVENLABS_BAD_RESPONSE',
  'AUDIO_CUE_INVALID',
  'DRAFT_VOICE_FAILED',
] as const;

/** A stable machine-readable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];
