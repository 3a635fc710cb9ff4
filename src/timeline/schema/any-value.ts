/**
 * The values a schema object's `metadata` (and unknown fields) may hold: the reference's
 * `std::any` in an `AnyDictionary`. Integers beyond 2^53 are `bigint` so they round-trip
 * exactly; dictionaries inside that carry `OTIO_SCHEMA` are decoded into objects, as the
 * reference does.
 */
import type { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import type { TimeTransform } from '../time/time-transform.js';
import type { Box2d, V2d } from './box2d.js';
import type { Color } from './color.js';
import type { SerializableObject } from './serializable-object.js';

/** Any value metadata can hold. */
export type AnyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | AnyValue[]
  | AnyDictionary
  | SerializableObject
  | RationalTime
  | TimeRange
  | TimeTransform
  | Color
  | V2d
  | Box2d;

/** A JSON object of {@link AnyValue}s (key order is kept). */
export interface AnyDictionary {
  [key: string]: AnyValue;
}
