/**
 * Plain JSON values to schema objects, as the reference's reader does it: nested values first
 * (bottom-up), then version upgrades on the object's dictionary, then the schema's fields with
 * type checks. Unknown schemas become UnknownSchema; unknown fields go to `dynamicFields`.
 * Failures are {@link DecodeFailure}s (the caller adds the file and JSON path).
 */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { TimeTransform } from '../time/time-transform.js';
import type { AnyDictionary, AnyValue } from '../schema/any-value.js';
import { Box2d, V2d } from '../schema/box2d.js';
import { Color } from '../schema/color.js';
import { UnknownSchema } from '../schema/unknown-schema.js';
import { DecodeFailure, describeJson } from './decode-failure.js';
import { SCHEMA_READERS } from './schema-readers.js';
import { SCHEMA_RENAMES, UPGRADES } from './schema-upgrades.js';
import type { SchemaDict } from './schema-upgrades.js';
import { FieldReader } from './field-reader.js';
import { setOwn } from './set-own.js';

/** The result of {@link decodeDocument}. */
export interface DecodedDocument {
  value: AnyValue;
  /**
   * True when a number beyond +-2^53 was met: `JSON.parse` may have rounded it, so the caller
   * re-parses the text exactly and decodes again.
   */
  unsafeNumbers: boolean;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
let unsafeNumbers = false;

/** Decodes a parsed JSON document in place (synchronous, so the module flag is safe). */
export function decodeDocument(raw: unknown): DecodedDocument {
  unsafeNumbers = false;
  const value = decodeValue(raw);
  return { value, unsafeNumbers };
}

/** Any JSON value: dictionaries with OTIO_SCHEMA become objects, the rest stays (in place). */
export function decodeValue(value: unknown): AnyValue {
  if (value === null || typeof value !== 'object') return value as AnyValue;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (v !== null && typeof v === 'object') value[i] = decodeValue(v);
      else if (typeof v === 'number' && (v > MAX_SAFE || v < -MAX_SAFE)) unsafeNumbers = true;
    }
    return value as AnyValue[];
  }
  const dict = value as SchemaDict;
  if (Object.getPrototypeOf(dict) !== Object.prototype) return dict as AnyValue;
  for (const key in dict) {
    const v = dict[key];
    if (v !== null && typeof v === 'object') setOwn(dict, key, decodeValue(v));
    else if (typeof v === 'number' && (v > MAX_SAFE || v < -MAX_SAFE)) unsafeNumbers = true;
  }
  if (dict['OTIO_SCHEMA'] === undefined) return dict as AnyDictionary;
  return decodeSchema(dict);
}

function decodeSchema(dict: SchemaDict): AnyValue {
  const tag = dict['OTIO_SCHEMA'];
  if (typeof tag !== 'string')
    throw new DecodeFailure(
      dict,
      'OTIO_SCHEMA',
      `expected a string "Name.version", found ${describeJson(tag)}`,
    );
  // The most frequent values, read directly when well-formed (errors go the long way).
  if (tag === 'RationalTime.1') {
    const value = dict['value'];
    const rate = dict['rate'];
    if (typeof value === 'number' && typeof rate === 'number') return new RationalTime(value, rate);
  } else if (tag === 'TimeRange.1') {
    const start = dict['start_time'];
    const duration = dict['duration'];
    if (start instanceof RationalTime && duration instanceof RationalTime)
      return new TimeRange(start, duration);
  }
  const r = new FieldReader(dict);
  switch (tag) {
    case 'RationalTime.1':
      return new RationalTime(r.number('value'), r.number('rate'));
    case 'TimeRange.1':
      return new TimeRange(
        r.instance('start_time', RationalTime),
        r.instance('duration', RationalTime),
      );
    case 'TimeTransform.1':
      return new TimeTransform(
        r.instance('offset', RationalTime),
        r.number('scale'),
        r.number('rate'),
      );
    case 'Color.1':
      return new Color({
        name: r.string('name'),
        r: r.number('r'),
        g: r.number('g'),
        b: r.number('b'),
        a: r.number('a'),
      });
    case 'V2d.1':
      return new V2d(r.number('x'), r.number('y'));
    case 'Box2d.1':
      return new Box2d(r.instance('min', V2d), r.instance('max', V2d));
  }
  const dot = tag.lastIndexOf('.');
  const versionText = tag.slice(dot + 1);
  if (dot <= 0 || !/^\d+$/.test(versionText))
    throw new DecodeFailure(
      dict,
      'OTIO_SCHEMA',
      `expected "Name.version", found ${JSON.stringify(tag)}`,
    );
  const version = Number(versionText);
  const fileName = tag.slice(0, dot);
  const name = SCHEMA_RENAMES[fileName] ?? fileName;
  const reader = SCHEMA_READERS[name];
  if (reader === undefined) {
    const data: AnyDictionary = {};
    for (const key in dict) if (key !== 'OTIO_SCHEMA') setOwn(data, key, dict[key]);
    return new UnknownSchema({
      originalSchemaName: fileName,
      originalSchemaVersion: version,
      data,
    });
  }
  if (version > reader.version)
    throw new DecodeFailure(
      dict,
      'OTIO_SCHEMA',
      `schema ${name} is known up to version ${reader.version}, but the file has version ${version} (written by a newer OpenTimelineIO?)`,
      'TIMELINE_UNSUPPORTED_VERSION',
    );
  if (version < reader.version) {
    // Each step above the file's version runs once (the reference's `<=` re-runs the step of
    // the file's own version, breaking Marker.2 files; see ../shared/ref/otio.md).
    const steps = UPGRADES[name] ?? {};
    for (let step = version + 1; step <= reader.version; step++) steps[step]?.(dict);
  }
  const object = reader.read(r);
  object.dynamicFields = r.remainingFields();
  return object;
}
