/**
 * Schema versions of each OTIO release, from the reference's `CORE_VERSION_MAP.cpp`
 * (main bc5fe2d7). Writing with a label downgrades every object to that release's versions.
 * Only schemas whose versions differ between labels matter; the rest are 1 everywhere.
 */

/** Schema name to version. */
export type SchemaVersionMap = Readonly<Record<string, number>>;

const BASE: SchemaVersionMap = {
  Adapter: 1,
  Clip: 2,
  Composable: 1,
  Composition: 1,
  Effect: 1,
  ExternalReference: 1,
  FreezeFrame: 1,
  Gap: 1,
  GeneratorReference: 1,
  HookScript: 1,
  ImageSequenceReference: 1,
  Item: 1,
  LinearTimeWarp: 1,
  Marker: 2,
  MediaLinker: 1,
  MediaReference: 1,
  MissingReference: 1,
  PluginManifest: 1,
  SchemaDef: 1,
  SerializableCollection: 1,
  SerializableObject: 1,
  SerializableObjectWithMetadata: 1,
  Stack: 1,
  TimeEffect: 1,
  Timeline: 1,
  Track: 1,
  Transition: 1,
  UnknownSchema: 1,
};

/** Release label to schema versions ("0.14.0" ... "0.19.0.dev1"). */
export const CORE_VERSION_MAP: Readonly<Record<string, SchemaVersionMap>> = {
  '0.14.0': { ...BASE, Clip: 1 },
  '0.15.0': { ...BASE, Test: 1 },
  '0.16.0': { ...BASE, Test: 1 },
  '0.17.0': { ...BASE, Test: 1 },
  '0.18.0': { ...BASE, Test: 1 },
  '0.18.1': { ...BASE, Test: 1 },
  '0.19.0.dev1': { ...BASE, Test: 1, Marker: 3 },
};

/**
 * The label libero writes for NLEs by default: DaVinci Resolve (18.5+), Kdenlive and OTIO
 * 0.17/0.18 read Clip.2 and Marker.2 with colour names, not Marker.3 (../shared/ref/resolve.md).
 */
export const DEFAULT_NLE_TARGET_VERSION = '0.18.1';
