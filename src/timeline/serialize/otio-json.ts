/**
 * OTIO JSON text to objects and back: the reference's `otio_json` adapter
 * (`read_from_string` / `write_to_string` with `target_schema_versions`).
 */
import { LiberoError } from '../../shared/index.js';
import type { AnyValue } from '../schema/any-value.js';
import { SerializableObject } from '../schema/serializable-object.js';
import { CORE_VERSION_MAP } from './core-version-map.js';
import type { SchemaVersionMap } from './core-version-map.js';
import { decodeDocument } from './decode.js';
import { DecodeFailure, toValidationError } from './decode-failure.js';
import { Encoder } from './encode.js';
import { parseJson } from './parse-json.js';
import { writeJson } from './write-json.js';

/** Options of {@link readFromString}. */
export interface ReadOptions {
  /** Named in error messages (a path, or e.g. "<stdin>"). */
  file: string;
}

/**
 * Parses OTIO JSON into schema objects, upgrading old schema versions. Throws ValidationError
 * (TIMELINE_INVALID_JSON, TIMELINE_INVALID_SCHEMA, TIMELINE_UNSUPPORTED_VERSION) with the file
 * and the JSON path of the bad node.
 * @example const timeline = readFromString(text, {file: 'cut.otio'}) as Timeline;
 */
export function readFromString(text: string, options: ReadOptions): SerializableObject {
  const fast = decodeText({ text, file: options.file, exact: false });
  // Numbers beyond 2^53 may have been rounded by JSON.parse: read them exactly this time.
  return fast.unsafeNumbers
    ? decodeText({ text, file: options.file, exact: true }).value
    : fast.value;
}

function decodeText(options: { text: string; file: string; exact: boolean }): {
  value: SerializableObject;
  unsafeNumbers: boolean;
} {
  const raw = parseJson(options);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw toValidationError(
      new DecodeFailure(raw as object, null, 'expected an object with OTIO_SCHEMA at the top'),
      raw,
      options.file,
    );
  let value: AnyValue;
  let unsafeNumbers: boolean;
  try {
    ({ value, unsafeNumbers } = decodeDocument(raw));
  } catch (error) {
    if (error instanceof DecodeFailure) throw toValidationError(error, raw, options.file);
    throw error;
  }
  if (!(value instanceof SerializableObject))
    throw toValidationError(
      new DecodeFailure(
        raw,
        'OTIO_SCHEMA',
        'missing (the top object must be an OTIO schema object)',
      ),
      raw,
      options.file,
    );
  return { value, unsafeNumbers };
}

/** Options of {@link writeToString}. */
export interface WriteOptions {
  /** A CORE_VERSION_MAP label ("0.17.0", ...) or an explicit map; null writes current versions. */
  targetVersion?: string | SchemaVersionMap | null;
  /** Spaces per level; the reference's default is 4. */
  indent?: number;
}

/** The schema version map of a label; throws TIMELINE_UNSUPPORTED_VERSION for unknown labels. */
export function schemaVersionsFor(label: string): SchemaVersionMap {
  const map = CORE_VERSION_MAP[label];
  if (map === undefined)
    throw new LiberoError(
      'TIMELINE_UNSUPPORTED_VERSION',
      `unknown OpenTimelineIO version label "${label}"; known: ${Object.keys(CORE_VERSION_MAP).join(', ')}`,
      { details: { label } },
    );
  return map;
}

/**
 * Writes OTIO JSON: every field of every schema (defaults included), unknown schemas and
 * fields as read, deterministic (same objects, same text). A trailing newline is not added.
 */
export function writeToString(value: AnyValue, options: WriteOptions = {}): string {
  const target = options.targetVersion ?? null;
  const targets = typeof target === 'string' ? schemaVersionsFor(target) : target;
  const encoder = new Encoder(targets);
  const tree = encoder.value(value);
  return writeJson({ value: tree, indent: options.indent ?? 4, special: encoder.special });
}
