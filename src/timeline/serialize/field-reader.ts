/** Typed reads of one schema dictionary's fields, recording which keys were used. */
import type { AnyDictionary } from '../schema/any-value.js';
import { DecodeFailure, describeJson } from './decode-failure.js';
import type { SchemaDict } from './schema-upgrades.js';
import { setOwn } from './set-own.js';

/** A constructor used for `instanceof` checks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Class<T> = abstract new (...args: any[]) => T;

/** Reads fields of `dict`; every method throws a DecodeFailure naming the key. */
export class FieldReader {
  private readonly used: string[] = ['OTIO_SCHEMA'];

  constructor(readonly dict: SchemaDict) {}

  private take(key: string, required: boolean, what: string): unknown {
    const v = this.dict[key];
    this.used.push(key);
    if (v === undefined && required)
      throw new DecodeFailure(this.dict, key, `missing (expected ${what})`);
    return v;
  }

  private fail(key: string, what: string, found: unknown): never {
    throw new DecodeFailure(this.dict, key, `expected ${what}, found ${describeJson(found)}`);
  }

  /** The raw value (marked as used); `what` describes it for a missing-key error. */
  any(key: string, required: boolean, what: string): unknown {
    return this.take(key, required, what);
  }

  /** A required number (an integer beyond 2^53 is converted). */
  number(key: string): number {
    const v = this.take(key, true, 'a number');
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return this.fail(key, 'a number', v);
  }

  /** An integer (the reference's int64 fields). */
  integer(key: string): number {
    const v = this.number(key);
    if (!Number.isInteger(v)) this.fail(key, 'an integer', v);
    return v;
  }

  /** A required string (null reads as "", as the reference's string reader does). */
  string(key: string): string {
    const v = this.take(key, true, 'a string');
    if (v === null) return '';
    return typeof v === 'string' ? v : this.fail(key, 'a string', v);
  }

  /** An optional string (`fallback` when absent). */
  optionalString(key: string, fallback: string): string {
    const v = this.take(key, false, 'a string');
    if (v === undefined) return fallback;
    if (v === null) return '';
    return typeof v === 'string' ? v : this.fail(key, 'a string', v);
  }

  /** An optional boolean. */
  optionalBoolean(key: string, fallback: boolean): boolean {
    const v = this.take(key, false, 'true or false');
    if (v === undefined) return fallback;
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false', v);
  }

  /** A required instance of `cls` (a decoded schema object or value type). */
  instance<T>(key: string, cls: Class<T>): T {
    const what = `a ${cls.name}`;
    const v = this.take(key, true, what);
    return v instanceof cls ? v : this.fail(key, what, v);
  }

  /** An optional, nullable instance: `fallback` when absent, null when null. */
  nullable<T>(key: string, cls: Class<T>, fallback: T | null): T | null {
    const what = `a ${cls.name} or null`;
    const v = this.take(key, false, what);
    if (v === undefined) return fallback;
    if (v === null) return null;
    return v instanceof cls ? v : this.fail(key, what, v);
  }

  /** A list whose elements are all instances of `cls`; absent gives [] unless required. */
  list<T>(key: string, cls: Class<T>, required: boolean): T[] {
    const what = `a list of ${cls.name}`;
    const v = this.take(key, required, what);
    if (v === undefined) return [];
    if (!Array.isArray(v)) return this.fail(key, what, v);
    for (let i = 0; i < v.length; i++)
      if (!(v[i] instanceof cls))
        throw new DecodeFailure(
          this.dict,
          `${key}[${i}]`,
          `expected a ${cls.name}, found ${describeJson(v[i])}`,
        );
    return v as T[];
  }

  /** A JSON object (metadata, parameters); absent gives {} unless required. */
  dictionary(key: string, required: boolean): AnyDictionary {
    const v = this.take(key, required, 'an object');
    if (v === undefined) return {};
    if (
      v === null ||
      typeof v !== 'object' ||
      Array.isArray(v) ||
      Object.getPrototypeOf(v) !== Object.prototype
    )
      return this.fail(key, 'an object', v);
    return v as AnyDictionary;
  }

  /** A required object whose values are all instances of `cls`. */
  dictionaryOf<T>(key: string, cls: Class<T>): Record<string, T> {
    const d = this.dictionary(key, true) as Record<string, unknown>;
    for (const k in d)
      if (!(d[k] instanceof cls))
        throw new DecodeFailure(
          this.dict,
          `${key}.${k}`,
          `expected a ${cls.name}, found ${describeJson(d[k])}`,
        );
    return d as Record<string, T>;
  }

  /** The fields no read asked for, in file order (kept as dynamic fields). */
  remainingFields(): AnyDictionary {
    const out: AnyDictionary = {};
    for (const key in this.dict) if (!this.used.includes(key)) setOwn(out, key, this.dict[key]);
    return out;
  }
}
