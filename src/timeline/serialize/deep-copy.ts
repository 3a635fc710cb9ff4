/**
 * A deep copy of a schema object or value, made as the reference's `clone()` does: encode to
 * plain dictionaries, decode again. The copy has no parent.
 */
import type { AnyValue } from '../schema/any-value.js';
import { decodeValue } from './decode.js';
import { Encoder } from './encode.js';

/** A deep copy of `value` (schema objects, metadata, times). */
export function deepCopy<T extends AnyValue>(value: T): T {
  return decodeValue(new Encoder(null).value(value)) as T;
}
