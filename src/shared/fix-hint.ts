/** The "how to fix" hints, in one place, keyed by error code (STYLE rule 10). */
import type { ErrorCode } from './error-codes.js';

const HINTS: Partial<Record<ErrorCode, string>> = {
  FFMPEG_NOT_FOUND:
    'Install ffmpeg (`npm run setup` does it with apt-get) or point FFMPEG_PATH/FFPROBE_PATH at the binaries.',
  FFMPEG_MISSING_FILTER:
    "Your ffmpeg build lacks a filter libero needs; install a full build (Debian's ffmpeg package works).",
  TIMELINE_INVALID_JSON: 'Re-export the timeline from your NLE; the file is not valid JSON.',
  TIMELINE_INVALID_SCHEMA:
    'The node at the JSON path shown does not match the OpenTimelineIO schema.',
  CONFIG_INVALID:
    'Fix the named field in libero.json; every field is optional, so you can also delete it.',
  FILE_NOT_FOUND: 'Check the path; relative paths are resolved from the current directory.',
};

/** A one-line hint for the user, or null when there is nothing useful to add. */
export function fixHint(code: ErrorCode): string | null {
  return HINTS[code] ?? null;
}
