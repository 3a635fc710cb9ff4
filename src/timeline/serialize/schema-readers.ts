/**
 * What each known schema reads, field by field, as the reference's `read_from` methods do
 * (required fields use `read`, optional ones `read_if_present`).
 */
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { Box2d } from '../schema/box2d.js';
import { Clip } from '../schema/clip.js';
import { Color } from '../schema/color.js';
import { Composable } from '../schema/composable.js';
import type { Composition } from '../schema/composition.js';
import { Effect, FreezeFrame, LinearTimeWarp, TimeEffect } from '../schema/effect.js';
import { Gap } from '../schema/gap.js';
import { ImageSequenceReference } from '../schema/image-sequence-reference.js';
import type { MissingFramePolicy } from '../schema/image-sequence-reference.js';
import type { Item } from '../schema/item.js';
import { Marker } from '../schema/marker.js';
import {
  ExternalReference,
  GeneratorReference,
  MediaReference,
  MissingReference,
} from '../schema/media-reference.js';
import { SerializableCollection } from '../schema/serializable-collection.js';
import type { SerializableObjectWithMetadata } from '../schema/serializable-object-with-metadata.js';
import { SerializableObject } from '../schema/serializable-object.js';
import { Stack } from '../schema/stack.js';
import { Timeline } from '../schema/timeline.js';
import { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';
import { DecodeFailure } from './decode-failure.js';
import type { FieldReader } from './field-reader.js';

/** A schema's current version and how to build it from a (upgraded) dictionary. */
export interface SchemaReader {
  version: number;
  read(r: FieldReader): SerializableObject;
}

function named<T extends SerializableObjectWithMetadata>(o: T, r: FieldReader): T {
  o.metadata = r.dictionary('metadata', false);
  o.name = r.optionalString('name', '');
  return o;
}

function item<T extends Item>(o: T, r: FieldReader): T {
  o.sourceRange = r.nullable('source_range', TimeRange, null);
  o.effects = r.list('effects', Effect, false);
  o.markers = r.list('markers', Marker, false);
  o.enabled = r.optionalBoolean('enabled', true);
  o.color = r.nullable('color', Color, null);
  return named(o, r);
}

function composition<T extends Composition>(o: T, r: FieldReader): T {
  const children = r.list('children', Composable, true);
  item(o, r);
  for (let i = 0; i < children.length; i++)
    if ((children[i] as Composable).parent !== null)
      throw new DecodeFailure(r.dict, `children[${i}]`, 'the same child object appears twice');
  o.setChildren(children);
  return o;
}

function effect<T extends Effect>(o: T, r: FieldReader): T {
  o.effectName = r.string('effect_name');
  o.enabled = r.optionalBoolean('enabled', true);
  return named(o, r);
}

function mediaReference<T extends MediaReference>(o: T, r: FieldReader): T {
  o.availableRange = r.nullable('available_range', TimeRange, null);
  o.availableImageBounds = r.nullable('available_image_bounds', Box2d, null);
  return named(o, r);
}

const POLICIES: readonly string[] = ['error', 'hold', 'black'];

/** Known schemas by name (legacy names are mapped by SCHEMA_RENAMES first). */
export const SCHEMA_READERS: Readonly<Record<string, SchemaReader>> = {
  Timeline: {
    version: 1,
    read: (r) => {
      const o = new Timeline();
      o.tracks = r.instance('tracks', Stack);
      o.globalStartTime = r.nullable('global_start_time', RationalTime, null);
      return named(o, r);
    },
  },
  Stack: { version: 1, read: (r) => composition(new Stack(), r) },
  Track: {
    version: 1,
    read: (r) => {
      const o = new Track();
      o.kind = r.string('kind');
      return composition(o, r);
    },
  },
  Clip: {
    version: 2,
    read: (r) => {
      const o = new Clip();
      o.mediaReferences = r.dictionaryOf('media_references', MediaReference);
      o.activeMediaReferenceKey = r.string('active_media_reference_key');
      return item(o, r);
    },
  },
  Gap: { version: 1, read: (r) => item(new Gap(), r) },
  Transition: {
    version: 1,
    read: (r) => {
      const o = new Transition();
      o.inOffset = r.instance('in_offset', RationalTime);
      o.outOffset = r.instance('out_offset', RationalTime);
      o.transitionType = r.string('transition_type');
      o.enabled = r.optionalBoolean('enabled', true);
      return named(o, r);
    },
  },
  Marker: {
    version: 3,
    read: (r) => {
      const o = new Marker();
      o.color = r.nullable('color', Color, Color.green);
      o.markedRange = r.instance('marked_range', TimeRange);
      o.comment = r.optionalString('comment', '');
      return named(o, r);
    },
  },
  Effect: { version: 1, read: (r) => effect(new Effect(), r) },
  TimeEffect: { version: 1, read: (r) => effect(new TimeEffect(), r) },
  LinearTimeWarp: {
    version: 1,
    read: (r) => {
      const o = new LinearTimeWarp();
      o.timeScalar = r.number('time_scalar');
      return effect(o, r);
    },
  },
  FreezeFrame: {
    version: 1,
    read: (r) => {
      const o = new FreezeFrame();
      o.timeScalar = r.number('time_scalar');
      return effect(o, r);
    },
  },
  MediaReference: { version: 1, read: (r) => mediaReference(new MediaReference(), r) },
  ExternalReference: {
    version: 1,
    read: (r) => {
      const o = new ExternalReference();
      o.targetUrl = r.string('target_url');
      return mediaReference(o, r);
    },
  },
  MissingReference: { version: 1, read: (r) => mediaReference(new MissingReference(), r) },
  GeneratorReference: {
    version: 1,
    read: (r) => {
      const o = new GeneratorReference();
      o.generatorKind = r.string('generator_kind');
      o.parameters = r.dictionary('parameters', true);
      return mediaReference(o, r);
    },
  },
  ImageSequenceReference: {
    version: 1,
    read: (r) => {
      const o = new ImageSequenceReference();
      o.targetUrlBase = r.string('target_url_base');
      o.namePrefix = r.string('name_prefix');
      o.nameSuffix = r.string('name_suffix');
      o.startFrame = r.integer('start_frame');
      o.frameStep = r.integer('frame_step');
      o.rate = r.number('rate');
      o.frameZeroPadding = r.integer('frame_zero_padding');
      const policy = r.string('missing_frame_policy');
      if (!POLICIES.includes(policy))
        throw new DecodeFailure(
          r.dict,
          'missing_frame_policy',
          `expected "error", "hold" or "black", found ${JSON.stringify(policy)}`,
        );
      o.missingFramePolicy = policy as MissingFramePolicy;
      return mediaReference(o, r);
    },
  },
  SerializableCollection: {
    version: 1,
    read: (r) => {
      const o = new SerializableCollection();
      const v = r.any('children', true, 'a list of schema objects');
      if (!Array.isArray(v))
        throw new DecodeFailure(r.dict, 'children', 'expected a list of schema objects');
      // The reference allows null entries in a collection.
      for (let i = 0; i < v.length; i++)
        if (v[i] !== null && !(v[i] instanceof SerializableObject))
          throw new DecodeFailure(r.dict, `children[${i}]`, 'expected a schema object or null');
      o.children = v as (SerializableObject | null)[];
      return named(o, r);
    },
  },
};
