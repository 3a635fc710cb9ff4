/**
 * Version upgrades and downgrades on plain dictionaries, registered per (schema, version) as in
 * the reference's `typeRegistry.cpp`, plus its legacy schema renames. Values inside a dictionary
 * are already decoded (an upgrade sees a media reference object, not its JSON).
 */
import { Color, MARKER_COLOR_NAMES } from '../schema/color.js';
import { MissingReference } from '../schema/media-reference.js';
import { SerializableObject } from '../schema/serializable-object.js';

/** A dictionary being upgraded or downgraded in place. */
export type SchemaDict = Record<string, unknown>;

/** Legacy names read as today's schemas (written back under the new name). */
export const SCHEMA_RENAMES: Readonly<Record<string, string>> = {
  Sequence: 'Track',
  Filler: 'Gap',
  SerializeableCollection: 'SerializableCollection',
};

/** Upgrade to version N (the key) from N-1. */
export const UPGRADES: Readonly<Record<string, Readonly<Record<number, (d: SchemaDict) => void>>>> =
  {
    Marker: {
      // 1 -> 2: "range" became "marked_range".
      2: (d) => {
        if (Object.hasOwn(d, 'range')) {
          d['marked_range'] = d['range'];
          delete d['range'];
        }
      },
      // 2 -> 3: colour names became Color objects (unknown names: white, original name kept).
      3: (d) => {
        const name = d['color'];
        if (typeof name !== 'string') return;
        const known = MARKER_COLOR_NAMES[name.toUpperCase()];
        const base = known ?? Color.white;
        d['color'] = new Color({
          r: base.r,
          g: base.g,
          b: base.b,
          a: base.a,
          name: known ? known.name : name,
        });
      },
    },
    Clip: {
      // 1 -> 2: one media_reference became media_references {DEFAULT_MEDIA: ...}.
      2: (d) => {
        const ref = d['media_reference'];
        d['media_references'] = {
          DEFAULT_MEDIA: ref instanceof SerializableObject ? ref : new MissingReference(),
        };
        d['active_media_reference_key'] = 'DEFAULT_MEDIA';
        delete d['media_reference'];
      },
    },
  };

const KNOWN_MARKER_COLORS = new Set(Object.keys(MARKER_COLOR_NAMES));

/** Downgrade from version N (the key) to N-1, on written (plain JSON) dictionaries. */
export const DOWNGRADES: Readonly<
  Record<string, Readonly<Record<number, (d: SchemaDict) => void>>>
> = {
  Marker: {
    // 3 -> 2: a Color becomes its upper-case name when known, else its name as is.
    3: (d) => {
      const color = d['color'];
      if (color === null || typeof color !== 'object' || Array.isArray(color)) return;
      const name = (color as SchemaDict)['name'];
      if (typeof name !== 'string' || name === '') return;
      const upper = name.toUpperCase();
      d['color'] = KNOWN_MARKER_COLORS.has(upper) ? upper : name;
    },
  },
  Clip: {
    // 2 -> 1: the active reference becomes media_reference.
    2: (d) => {
      const refs = d['media_references'];
      const key = d['active_media_reference_key'];
      if (refs !== null && typeof refs === 'object' && typeof key === 'string') {
        const active = (refs as SchemaDict)[key];
        if (active !== null && typeof active === 'object') d['media_reference'] = active;
      }
      delete d['media_references'];
      delete d['active_media_reference_key'];
    },
  },
};
