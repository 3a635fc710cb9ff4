/**
 * JSON text to plain values. `fast` uses native `JSON.parse` and falls back to
 * {@link parseJsonExtended} when it throws (NaN/Infinity tokens, syntax errors); `exact`
 * always uses the extended parser (integers beyond 2^53 as bigint). The decoder tells the
 * caller when a fast parse met numbers beyond 2^53, and the caller then parses exactly.
 */
import { ValidationError } from '../../shared/index.js';
import { JsonSyntaxError, parseJsonExtended } from './json-parser.js';

/** Parses OTIO JSON text; throws ValidationError TIMELINE_INVALID_JSON naming file, line and column. */
export function parseJson(options: { text: string; file: string; exact: boolean }): unknown {
  const { text, file } = options;
  try {
    if (!options.exact) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // NaN/Infinity, or a syntax error: the extended parser reads the first and gives the
        // position of the second in a stable form.
      }
    }
    return parseJsonExtended(text);
  } catch (error) {
    const position = error instanceof JsonSyntaxError ? error.position : 0;
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      'TIMELINE_INVALID_JSON',
      `${file}: not valid JSON at line ${line}, column ${column}: ${message}`,
      { details: { file, line, column }, issues: [{ path: '', message }], cause: error },
    );
  }
}
