/**
 * Schema objects to plain JSON values, field by field in the order of the reference's
 * `write_to` methods (OTIO_SCHEMA, unknown fields, then the schema's fields with defaults),
 * optionally downgraded to older schema versions as the reference's CloningEncoder does.
 */
import { LiberoError } from '../../shared/index.js';
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { TimeTransform } from '../time/time-transform.js';
import type { AnyDictionary, AnyValue } from '../schema/any-value.js';
import { Box2d, V2d } from '../schema/box2d.js';
import { Color } from '../schema/color.js';
import type { SchemaVersionMap } from './core-version-map.js';
import { DOWNGRADES } from './schema-upgrades.js';
import type { SchemaDict } from './schema-upgrades.js';
import { SerializableObject } from '../schema/serializable-object.js';
import { SCHEMA_WRITERS } from './schema-writers.js';
import type { Encoder as EncoderPort } from './schema-writers.js';
import { UnknownSchema } from '../schema/unknown-schema.js';
import { setOwn } from './set-own.js';

/** Encodes values; `special` turns true when a value needs more than standard JSON. */
export class Encoder implements EncoderPort {
  /** True once a bigint, NaN or Infinity was written. */
  special = false;

  constructor(private readonly targets: SchemaVersionMap | null) {}

  /** Any value as plain JSON-able data. */
  value(v: AnyValue): unknown {
    if (v === null) return null;
    switch (typeof v) {
      case 'number':
        if (!Number.isFinite(v)) this.special = true;
        return v;
      case 'bigint':
        this.special = true;
        return v;
      case 'string':
      case 'boolean':
        return v;
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v instanceof SerializableObject) return this.object(v);
    if (v instanceof RationalTime) return this.rationalTime(v);
    if (v instanceof TimeRange) return this.timeRange(v);
    if (v instanceof TimeTransform)
      return {
        OTIO_SCHEMA: 'TimeTransform.1',
        offset: this.rationalTime(v.offset),
        rate: this.number(v.rate),
        scale: this.number(v.scale),
      };
    if (v instanceof Color) return this.color(v);
    if (v instanceof Box2d)
      return { OTIO_SCHEMA: 'Box2d.1', min: this.v2d(v.min), max: this.v2d(v.max) };
    if (v instanceof V2d) return this.v2d(v);
    return this.dictionary(v as AnyDictionary);
  }

  /** A plain dictionary (metadata, parameters), key order kept. */
  dictionary(d: AnyDictionary): SchemaDict {
    const out: SchemaDict = {};
    for (const key in d) setOwn(out, key, this.value(d[key] as AnyValue));
    return out;
  }

  /** A double field of a schema. */
  number(n: number): number {
    if (!Number.isFinite(n)) this.special = true;
    return n;
  }

  rationalTime(t: RationalTime): SchemaDict {
    return {
      OTIO_SCHEMA: 'RationalTime.1',
      rate: this.number(t.rate),
      value: this.number(t.value),
    };
  }

  timeRange(r: TimeRange): SchemaDict {
    return {
      OTIO_SCHEMA: 'TimeRange.1',
      duration: this.rationalTime(r.duration),
      start_time: this.rationalTime(r.startTime),
    };
  }

  color(c: Color): SchemaDict {
    return {
      OTIO_SCHEMA: 'Color.1',
      r: this.number(c.r),
      g: this.number(c.g),
      b: this.number(c.b),
      a: this.number(c.a),
      name: c.name,
    };
  }

  v2d(p: V2d): SchemaDict {
    return { OTIO_SCHEMA: 'V2d.1', x: this.number(p.x), y: this.number(p.y) };
  }

  /** A schema object, downgraded when the targets ask for an older version. */
  object(o: SerializableObject): SchemaDict {
    if (o instanceof UnknownSchema) {
      const d: SchemaDict = { OTIO_SCHEMA: o.schema };
      for (const key in o.data) setOwn(d, key, this.value(o.data[key] as AnyValue));
      return d;
    }
    const d: SchemaDict = { OTIO_SCHEMA: o.schema };
    const dynamic = o.dynamicFields;
    for (const key in dynamic) setOwn(d, key, this.value(dynamic[key] as AnyValue));
    const writer = SCHEMA_WRITERS[o.schemaName];
    if (writer === undefined)
      throw new LiberoError('INTERNAL', `no writer for schema ${o.schemaName}`, {
        details: { schema: o.schemaName },
      });
    writer(o, d, this);
    const target = this.targets?.[o.schemaName];
    if (target !== undefined && target < o.schemaVersion) this.downgrade(o, d, target);
    return d;
  }

  private downgrade(o: SerializableObject, d: SchemaDict, target: number): void {
    const steps = DOWNGRADES[o.schemaName] ?? {};
    for (let version = o.schemaVersion; version > target; version--) {
      const step = steps[version];
      if (step === undefined)
        throw new LiberoError(
          'TIMELINE_UNSUPPORTED_VERSION',
          `cannot write ${o.schemaName}.${o.schemaVersion} as version ${target}: no downgrade from ${version}`,
          { details: { schema: o.schemaName, version: o.schemaVersion, target } },
        );
      step(d);
    }
    d['OTIO_SCHEMA'] = `${o.schemaName}.${target}`;
  }
}
