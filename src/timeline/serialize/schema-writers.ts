/** What each known schema writes, in the order of the reference's `write_to` methods. */
import type { AnyDictionary } from '../schema/any-value.js';
import type { Clip } from '../schema/clip.js';
import type { Color } from '../schema/color.js';
import type { Composition } from '../schema/composition.js';
import type { Effect, LinearTimeWarp } from '../schema/effect.js';
import type { ImageSequenceReference } from '../schema/image-sequence-reference.js';
import type { Item } from '../schema/item.js';
import type { Marker } from '../schema/marker.js';
import type {
  ExternalReference,
  GeneratorReference,
  MediaReference,
} from '../schema/media-reference.js';
import type { SerializableCollection } from '../schema/serializable-collection.js';
import type { SerializableObjectWithMetadata } from '../schema/serializable-object-with-metadata.js';
import type { SerializableObject } from '../schema/serializable-object.js';
import type { Timeline } from '../schema/timeline.js';
import type { Track } from '../schema/track.js';
import type { Transition } from '../schema/transition.js';
import type { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import type { Box2d } from '../schema/box2d.js';
import type { SchemaDict } from './schema-upgrades.js';
import { setOwn } from './set-own.js';

/** The encoder operations writers use (implemented by `Encoder`). */
export interface Encoder {
  value(v: unknown): unknown;
  dictionary(d: AnyDictionary): SchemaDict;
  number(n: number): number;
  rationalTime(t: RationalTime): SchemaDict;
  timeRange(r: TimeRange): SchemaDict;
  color(c: Color): SchemaDict;
  object(o: SerializableObject): SchemaDict;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Writer = (o: any, d: SchemaDict, e: Encoder) => void;

function named(o: SerializableObjectWithMetadata, d: SchemaDict, e: Encoder): void {
  d['metadata'] = e.dictionary(o.metadata);
  d['name'] = o.name;
}

function item(o: Item, d: SchemaDict, e: Encoder): void {
  named(o, d, e);
  d['source_range'] = o.sourceRange === null ? null : e.timeRange(o.sourceRange);
  d['effects'] = o.effects.map((x) => e.object(x));
  d['markers'] = o.markers.map((x) => e.object(x));
  d['enabled'] = o.enabled;
  d['color'] = o.color === null ? null : e.color(o.color);
}

function composition(o: Composition, d: SchemaDict, e: Encoder): void {
  item(o, d, e);
  d['children'] = o.children.map((x) => e.object(x));
}

function effect(o: Effect, d: SchemaDict, e: Encoder): void {
  named(o, d, e);
  d['effect_name'] = o.effectName;
  d['enabled'] = o.enabled;
}

function linearTimeWarp(o: LinearTimeWarp, d: SchemaDict, e: Encoder): void {
  effect(o, d, e);
  d['time_scalar'] = e.number(o.timeScalar);
}

function mediaReference(o: MediaReference, d: SchemaDict, e: Encoder): void {
  named(o, d, e);
  d['available_range'] = o.availableRange === null ? null : e.timeRange(o.availableRange);
  d['available_image_bounds'] =
    o.availableImageBounds === null ? null : e.value(o.availableImageBounds as Box2d);
}

/** Writers by schema name. */
export const SCHEMA_WRITERS: Readonly<Record<string, Writer>> = {
  Timeline: (o: Timeline, d, e) => {
    named(o, d, e);
    d['global_start_time'] = o.globalStartTime === null ? null : e.rationalTime(o.globalStartTime);
    d['tracks'] = e.object(o.tracks);
  },
  Stack: composition,
  Track: (o: Track, d, e) => {
    composition(o, d, e);
    d['kind'] = o.kind;
  },
  Clip: (o: Clip, d, e) => {
    item(o, d, e);
    const refs: SchemaDict = {};
    for (const key in o.mediaReferences)
      setOwn(refs, key, e.object(o.mediaReferences[key] as MediaReference));
    d['media_references'] = refs;
    d['active_media_reference_key'] = o.activeMediaReferenceKey;
  },
  Gap: item,
  Transition: (o: Transition, d, e) => {
    named(o, d, e);
    d['in_offset'] = e.rationalTime(o.inOffset);
    d['out_offset'] = e.rationalTime(o.outOffset);
    d['transition_type'] = o.transitionType;
    d['enabled'] = o.enabled;
  },
  Marker: (o: Marker, d, e) => {
    named(o, d, e);
    d['color'] = o.color === null ? null : e.color(o.color);
    d['marked_range'] = e.timeRange(o.markedRange);
    d['comment'] = o.comment;
  },
  Effect: effect,
  TimeEffect: effect,
  LinearTimeWarp: linearTimeWarp,
  FreezeFrame: linearTimeWarp,
  MediaReference: mediaReference,
  MissingReference: mediaReference,
  ExternalReference: (o: ExternalReference, d, e) => {
    mediaReference(o, d, e);
    d['target_url'] = o.targetUrl;
  },
  GeneratorReference: (o: GeneratorReference, d, e) => {
    mediaReference(o, d, e);
    d['generator_kind'] = o.generatorKind;
    d['parameters'] = e.dictionary(o.parameters);
  },
  ImageSequenceReference: (o: ImageSequenceReference, d, e) => {
    mediaReference(o, d, e);
    d['target_url_base'] = o.targetUrlBase;
    d['name_prefix'] = o.namePrefix;
    d['name_suffix'] = o.nameSuffix;
    d['start_frame'] = o.startFrame;
    d['frame_step'] = o.frameStep;
    d['rate'] = e.number(o.rate);
    d['frame_zero_padding'] = o.frameZeroPadding;
    d['missing_frame_policy'] = o.missingFramePolicy;
  },
  SerializableCollection: (o: SerializableCollection, d, e) => {
    named(o, d, e);
    d['children'] = o.children.map((x) => (x === null ? null : e.object(x)));
  },
};
