/**
 * An independent, declarative model of what the reference (OpenTimelineIO main bc5fe2d7)
 * writes for a document it read: Python OTIO cannot be installed here, so the expected
 * documents of the sample tests are derived from the reference's source with these rules:
 * - each schema writes OTIO_SCHEMA, then its unknown ("dynamic") fields
 *   (SerializableObject::write_to), then every field of its `write_to` chain in order, with
 *   the constructor default when the file lacks it (so `cat` is not an echo of the input);
 * - RationalTime.1 writes rate, value; TimeRange.1 duration, start_time (serialization.cpp);
 * - a null string field reads as "" (deserialization.cpp `read(std::string)`);
 * - Sequence.1 -> Track.1, Filler.1 -> Gap.1, SerializeableCollection.1 ->
 *   SerializableCollection.1 (typeRegistry.cpp register_type_from_existing_type);
 * - Clip.1 -> Clip.2: media_references {DEFAULT_MEDIA: media_reference or a MissingReference},
 *   active key DEFAULT_MEDIA; Marker.1 -> 2: range -> marked_range; Marker.2 -> 3: a colour
 *   name becomes a Color (typeRegistry.cpp upgrade functions);
 * - Marker.3's default colour is Color::green (marker.h); Item's colour defaults to null.
 */

type Json = unknown;
type Dict = Record<string, Json>;
const REQUIRED = Symbol('required');
type Field = [string, (() => Json) | typeof REQUIRED];

const sowm: Field[] = [
  ['metadata', () => ({})],
  ['name', () => ''],
];
const item: Field[] = [
  ...sowm,
  ['source_range', () => null],
  ['effects', () => []],
  ['markers', () => []],
  ['enabled', () => true],
  ['color', () => null],
];
const mediaReference: Field[] = [
  ...sowm,
  ['available_range', () => null],
  ['available_image_bounds', () => null],
];
const effect: Field[] = [...sowm, ['effect_name', REQUIRED], ['enabled', () => true]];
const color = (r: number, g: number, b: number, a: number, name: string): Dict => ({
  OTIO_SCHEMA: 'Color.1',
  r,
  g,
  b,
  a,
  name,
});

const FIELDS: Record<string, Field[]> = {
  Timeline: [...sowm, ['global_start_time', () => null], ['tracks', REQUIRED]],
  Stack: [...item, ['children', REQUIRED]],
  Track: [...item, ['children', REQUIRED], ['kind', REQUIRED]],
  Clip: [...item, ['media_references', REQUIRED], ['active_media_reference_key', REQUIRED]],
  Gap: item,
  Transition: [
    ...sowm,
    ['in_offset', REQUIRED],
    ['out_offset', REQUIRED],
    ['transition_type', REQUIRED],
    ['enabled', () => true],
  ],
  Marker: [
    ...sowm,
    ['color', () => color(0, 1, 0, 1, 'Green')],
    ['marked_range', REQUIRED],
    ['comment', () => ''],
  ],
  Effect: effect,
  LinearTimeWarp: [...effect, ['time_scalar', REQUIRED]],
  FreezeFrame: [...effect, ['time_scalar', REQUIRED]],
  MissingReference: mediaReference,
  ExternalReference: [...mediaReference, ['target_url', REQUIRED]],
  GeneratorReference: [...mediaReference, ['generator_kind', REQUIRED], ['parameters', REQUIRED]],
  SerializableCollection: [...sowm, ['children', REQUIRED]],
};
const STRING_FIELDS = new Set([
  'name',
  'comment',
  'target_url',
  'effect_name',
  'transition_type',
  'kind',
  'generator_kind',
]);
const CURRENT: Record<string, number> = { Clip: 2, Marker: 3 };
const RENAMES: Record<string, string> = {
  Sequence: 'Track',
  Filler: 'Gap',
  SerializeableCollection: 'SerializableCollection',
};
const MARKER_COLORS: Record<string, Dict> = {
  PINK: color(1, 0, 1, 1, 'Pink'),
  RED: color(1, 0, 0, 1, 'Red'),
  ORANGE: color(1, 0.5, 0, 1, 'Orange'),
  YELLOW: color(1, 1, 0, 1, 'Yellow'),
  GREEN: color(0, 1, 0, 1, 'Green'),
  CYAN: color(0, 1, 1, 1, 'Cyan'),
  BLUE: color(0, 0, 1, 1, 'Blue'),
  MAGENTA: color(1, 0, 1, 1, 'Magenta'),
  PURPLE: color(0.5, 0, 0.5, 1, 'Purple'),
  BLACK: color(0, 0, 0, 1, 'Black'),
  WHITE: color(1, 1, 1, 1, 'White'),
  TRANSPARENT: color(0, 0, 0, 0, 'Transparent'),
};

/** What the reference writes for a parsed input document. */
export function referenceWrite(v: Json): Json {
  if (Array.isArray(v)) return v.map(referenceWrite);
  if (v === null || typeof v !== 'object') return v;
  const input = v as Dict;
  const d: Dict = {};
  for (const [k, x] of Object.entries(input)) d[k] = referenceWrite(x);
  const tag = d['OTIO_SCHEMA'];
  if (typeof tag !== 'string') return d;
  if (tag === 'RationalTime.1') return { OTIO_SCHEMA: tag, rate: d['rate'], value: d['value'] };
  if (tag === 'TimeRange.1')
    return { OTIO_SCHEMA: tag, duration: d['duration'], start_time: d['start_time'] };
  const [fileName = '', versionText = ''] = tag.split('.');
  const version = Number(versionText);
  const name = RENAMES[fileName] ?? fileName;
  const fields = FIELDS[name];
  if (fields === undefined) return d; // unknown schema: written back as read
  if (name === 'Clip' && version === 1) {
    const ref = d['media_reference'];
    d['media_references'] = {
      DEFAULT_MEDIA:
        ref !== null && typeof ref === 'object'
          ? ref
          : referenceWrite({ OTIO_SCHEMA: 'MissingReference.1' }),
    };
    d['active_media_reference_key'] = 'DEFAULT_MEDIA';
    delete d['media_reference'];
  }
  if (name === 'Marker' && version < 3) {
    if (version === 1 && 'range' in d) {
      d['marked_range'] = d['range'];
      delete d['range'];
    }
    if (typeof d['color'] === 'string') {
      const known = MARKER_COLORS[d['color'].toUpperCase()];
      d['color'] = known ?? { ...(MARKER_COLORS['WHITE'] as Dict), name: d['color'] };
    }
  }
  const out: Dict = { OTIO_SCHEMA: `${name}.${CURRENT[name] ?? 1}` };
  const known = new Set(fields.map(([k]) => k));
  for (const [k, x] of Object.entries(d)) if (k !== 'OTIO_SCHEMA' && !known.has(k)) out[k] = x;
  for (const [k, fallback] of fields) {
    if (k in d) out[k] = d[k] === null && STRING_FIELDS.has(k) ? '' : d[k];
    else if (fallback === REQUIRED) throw new Error(`model: ${tag} lacks ${k}`);
    else out[k] = fallback();
  }
  return out;
}

/**
 * JSON-value equality with numbers compared as numbers (a bigint equals the double the
 * reference would write for it; NaN equals NaN) and key order ignored. Returns the path of
 * the first difference, or null.
 */
export function firstDifference(a: Json, b: Json, path = '$'): string | null {
  const num = (x: Json): number | null =>
    typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : null;
  const na = num(a);
  const nb = num(b);
  if (na !== null || nb !== null)
    return na !== null && nb !== null && (na === nb || (Number.isNaN(na) && Number.isNaN(nb)))
      ? null
      : path;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join('\u0000') !== kb.join('\u0000'))
      return `${path} (keys ${ka.join(',')} vs ${kb.join(',')})`;
    for (const k of ka) {
      const d = firstDifference((a as Dict)[k], (b as Dict)[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  return a === b ? null : path;
}

const KNOWN_MARKER_COLORS = new Set(Object.keys(MARKER_COLORS));

/**
 * What the reference writes with `target_schema_versions` of a release: Marker 3->2 turns a
 * Color into its upper-case name when known, else its name (an empty name keeps the Color);
 * Clip 2->1 keeps only the active reference as media_reference (typeRegistry.cpp downgrade
 * functions, applied bottom-up by the CloningEncoder in serialization.cpp).
 */
export function referenceDowngrade(v: Json, target: { Clip: number; Marker: number }): Json {
  if (Array.isArray(v)) return v.map((x) => referenceDowngrade(x, target));
  if (v === null || typeof v !== 'object') return v;
  const d: Dict = {};
  for (const [k, x] of Object.entries(v as Dict)) d[k] = referenceDowngrade(x, target);
  if (d['OTIO_SCHEMA'] === 'Marker.3' && target.Marker < 3) {
    const c = d['color'];
    if (c !== null && typeof c === 'object') {
      const name = (c as Dict)['name'];
      if (typeof name === 'string' && name !== '')
        d['color'] = KNOWN_MARKER_COLORS.has(name.toUpperCase()) ? name.toUpperCase() : name;
    }
    d['OTIO_SCHEMA'] = 'Marker.2';
  }
  if (d['OTIO_SCHEMA'] === 'Clip.2' && target.Clip < 2) {
    const refs = d['media_references'] as Dict;
    const active = refs[d['active_media_reference_key'] as string];
    if (active !== undefined) d['media_reference'] = active;
    delete d['media_references'];
    delete d['active_media_reference_key'];
    d['OTIO_SCHEMA'] = 'Clip.1';
  }
  return d;
}
