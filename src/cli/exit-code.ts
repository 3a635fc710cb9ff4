/** Errors to exit codes and messages, in exactly one place (STYLE rule 11). */
import { fixHint, isLiberoError } from '../shared/index.js';
import type { ErrorCode } from '../shared/index.js';

/**
 * Exit code of a command that finished and wrote its outputs (the mix, the master, the conformed
 * timeline) while some of its items failed: a voice-over line or score cue (`audio`, `render`),
 * a shot (`generate`, `render`). The summary names every failed item. Distinct from every
 * error's code so scripts can tell "done, with failures" from "nothing done".
 */
export const EXIT_DONE_WITH_FAILURES = 6;

/** Exit code for a failure: 2 usage, 3 bad input, 4 missing tool, 5 external service, 1 other. */
export function exitCodeFor(code: ErrorCode): number {
  if (code === 'USAGE') return 2;
  if (code.startsWith('TIMELINE_') || code.startsWith('CONFIG_') || code === 'FILE_NOT_FOUND')
    return 3;
  if (code === 'FFMPEG_NOT_FOUND' || code === 'FFMPEG_MISSING_FILTER') return 4;
  if (code.startsWith('COMFY') || code.startsWith('ELEVENLABS')) return 5;
  if (code === 'ABORTED') return 130;
  return 1;
}

/** Prints an error for a human (no stack trace for LiberoErrors) and returns the exit code. */
export function reportError(error: unknown, write: (line: string) => void): number {
  if (isLiberoError(error)) {
    write(`libero: ${error.message}`);
    const hint = fixHint(error.code);
    if (hint !== null) write(`  hint: ${hint}`);
    if (process.env['LIBERO_DEBUG']) write(String(error.stack));
    return exitCodeFor(error.code);
  }
  write(
    `libero: unexpected error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return 1;
}
