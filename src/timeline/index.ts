/**
 * libero's OpenTimelineIO core: opentime, the schema objects with their derived ranges, JSON
 * read/write with version upgrades and downgrades, the edit algorithms, and the file doorway.
 * See README.md in this folder for the API.
 */
export * from './time/index.js';
export type { AnyValue, AnyDictionary } from './schema/any-value.js';
export { SerializableObject } from './schema/serializable-object.js';
export { SerializableObjectWithMetadata } from './schema/serializable-object-with-metadata.js';
export type { NamedOptions } from './schema/serializable-object-with-metadata.js';
export { UnknownSchema } from './schema/unknown-schema.js';
export { Color, MARKER_COLOR_NAMES } from './schema/color.js';
export type { ColorOptions } from './schema/color.js';
export { V2d, Box2d } from './schema/box2d.js';
export { Composable } from './schema/composable.js';
export { Item } from './schema/item.js';
export type { ItemOptions } from './schema/item.js';
export { Composition } from './schema/composition.js';
export type { CompositionOptions } from './schema/composition.js';
export { Track, TrackKind } from './schema/track.js';
export type { TrackOptions } from './schema/track.js';
export { Stack } from './schema/stack.js';
export { Timeline } from './schema/timeline.js';
export type { TimelineOptions } from './schema/timeline.js';
export { Clip, DEFAULT_MEDIA_KEY } from './schema/clip.js';
export type { ClipOptions } from './schema/clip.js';
export { Gap } from './schema/gap.js';
export { Transition, TransitionTypes } from './schema/transition.js';
export type { TransitionOptions } from './schema/transition.js';
export { Marker } from './schema/marker.js';
export type { MarkerOptions } from './schema/marker.js';
export { Effect, TimeEffect, LinearTimeWarp, FreezeFrame } from './schema/effect.js';
export type { EffectOptions, LinearTimeWarpOptions } from './schema/effect.js';
export {
  MediaReference,
  ExternalReference,
  MissingReference,
  GeneratorReference,
} from './schema/media-reference.js';
export type { MediaReferenceOptions, GeneratorReferenceOptions } from './schema/media-reference.js';
export { ImageSequenceReference } from './schema/image-sequence-reference.js';
export type {
  ImageSequenceReferenceOptions,
  MissingFramePolicy,
} from './schema/image-sequence-reference.js';
export { SerializableCollection } from './schema/serializable-collection.js';
export { readFromString, writeToString, schemaVersionsFor } from './serialize/otio-json.js';
export type { ReadOptions, WriteOptions } from './serialize/otio-json.js';
export { CORE_VERSION_MAP, DEFAULT_NLE_TARGET_VERSION } from './serialize/core-version-map.js';
export type { SchemaVersionMap } from './serialize/core-version-map.js';
export { SCHEMA_RENAMES } from './serialize/schema-upgrades.js';
export {
  readTimelineFile,
  writeTimelineFile,
  listBundleEntries,
  OTIOZ_CONTENT_FILE,
} from './timeline-fs.js';
export * from './algo/index.js';
export { deepCopy } from './serialize/deep-copy.js';
