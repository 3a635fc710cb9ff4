/**
 * JSON text to plain values, fast: native `JSON.parse` unless the text holds what it cannot
 * read faithfully (NaN/Infinity tokens, integers of 16+ digits), then {@link parseJsonExtended}.
 */
import { ValidationError } from '../../shared/index.js';
import { JsonSyntaxError, parseJsonExtended } from './json-parser.js';

// A value token (after ':', ',' or '[') that is NaN/Inf or a long run of digits.
const NEEDS_EXTENDED = /[:,[]\s*-?(?:NaN|Inf|\d{16})/;

/** Parses OTIO JSON text; throws ValidationError TIMELINE_INVALID_JSON naming file, line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    if (!NEEDS_EXTENDED.test(text)) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Fall through: the extended parser gives the position in a stable form.
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
