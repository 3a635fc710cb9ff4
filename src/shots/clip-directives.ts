/**
 * What one clip says about its shot, layer by layer, before merging: the clip's name,
 * `metadata.libero`, and markers. Values of the wrong type are reported, never thrown: one bad
 * clip must not stop the others.
 *
 * Marker grammar (README "Markers"): the marker's name is the field (`prompt`, `negative`,
 * `seed`, `seed_group`, `motion`, `lora`, `character`, `regen`), its comment the value (or the
 * note Resolve writes in `metadata.Resolve_OTIO.Note`); `name: value` in the name alone works too.
 * A `regen` (or `regenerate`) marker asks for a new take; each one on the clip counts. Its
 * comment may change the prompt, negative prompt, seed or motion (grammar: regen-note.ts); a
 * regen marker's note beats the other markers, and a later regen marker beats an earlier one.
 * A note's seed is used as written (the regen count, which varies the seed, restarts there).
 */
import type { AnyDictionary, AnyValue, Clip } from '../timeline/index.js';
import { parseRegenNote } from './regen-note.js';
import type { RegenNote } from './regen-note.js';

/** Fields a layer may set (all optional). */
export interface ShotDirectives {
  shotId?: string;
  scene?: string;
  prompt?: string;
  negativePrompt?: string;
  motion?: string;
  seed?: number;
  seedGroup?: string;
  /** null: no LoRA for this shot. */
  lora?: { name: string; strengthModel: number | null; strengthClip: number | null } | null;
  /** Add the project's trigger words (the character is in shot). */
  character?: boolean;
  fps?: number;
  width?: number;
  height?: number;
  templates?: { still?: string; video?: string; upscale?: string };
}

/** A problem with one clip's directives, reported beside the result. */
export interface DirectiveProblem {
  readonly clipName: string;
  readonly message: string;
}

/** The clip's directives by layer, and the regen count. */
export interface ClipDirectives {
  readonly fromName: ShotDirectives;
  readonly fromMetadata: ShotDirectives;
  readonly fromMarkers: ShotDirectives;
  /** Free text of regen notes, appended to the prompt in order (a later `prompt:` clears them). */
  readonly promptAdditions: readonly string[];
  /**
   * Regenerate requests (regen markers, plus `metadata.libero.regen` when a number); each varies
   * the seed by one. When a regen marker's note names a seed, only the regen markers after the
   * last such one count, so that seed is used as written.
   */
  readonly regen: number;
  readonly problems: readonly DirectiveProblem[];
}

function asDict(value: AnyValue | undefined): AnyDictionary | null {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value))
    return null;
  if (Object.getPrototypeOf(value) !== Object.prototype) return null;
  return value as AnyDictionary;
}

function asNumber(value: AnyValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= 0n)
    return Number(value);
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function asBool(value: AnyValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', '1', 'on'].includes(v)) return true;
    if (['false', 'no', '0', 'off'].includes(v)) return false;
  }
  return null;
}

const FIELD_ALIASES: Readonly<Record<string, keyof ShotDirectives | 'regen'>> = {
  shot_id: 'shotId',
  shotid: 'shotId',
  scene: 'scene',
  prompt: 'prompt',
  negative: 'negativePrompt',
  negative_prompt: 'negativePrompt',
  motion: 'motion',
  camera: 'motion',
  seed: 'seed',
  seed_group: 'seedGroup',
  seedgroup: 'seedGroup',
  lora: 'lora',
  character: 'character',
  trigger_words: 'character',
  fps: 'fps',
  width: 'width',
  height: 'height',
  templates: 'templates',
  regen: 'regen',
  regenerate: 'regen',
};

/** Applies one `field = value` to `into`; returns a problem message or null. */
function apply(into: ShotDirectives, field: string, value: AnyValue | undefined): string | null {
  const key =
    FIELD_ALIASES[
      field
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ];
  if (key === undefined || key === 'regen') return null;
  const bad = (expected: string): string =>
    `"${field}" should be ${expected}, got ${JSON.stringify(typeof value === 'bigint' ? String(value) : value)}`;
  switch (key) {
    case 'shotId':
    case 'scene':
    case 'prompt':
    case 'negativePrompt':
    case 'motion':
    case 'seedGroup': {
      if (typeof value === 'number') into[key] = String(value);
      else if (typeof value === 'string') into[key] = value.trim();
      else return bad('text');
      return null;
    }
    case 'seed': {
      const n = asNumber(value);
      if (n === null || !Number.isInteger(n) || n < 0) return bad('a whole number');
      into.seed = n;
      return null;
    }
    case 'fps':
    case 'width':
    case 'height': {
      const n = asNumber(value);
      if (n === null || n <= 0) return bad('a positive number');
      into[key] = n;
      return null;
    }
    case 'character': {
      const b = asBool(value);
      if (b === null) return bad('true or false');
      into.character = b;
      return null;
    }
    case 'lora': {
      if (
        value === null ||
        value === false ||
        (typeof value === 'string' &&
          ['none', 'off', 'false', ''].includes(value.trim().toLowerCase()))
      ) {
        into.lora = null;
        return null;
      }
      if (typeof value === 'string') {
        into.lora = { name: value.trim(), strengthModel: null, strengthClip: null };
        return null;
      }
      const d = asDict(value);
      if (d === null || typeof d['name'] !== 'string')
        return bad('a LoRA name, false, or {name, strength_model, strength_clip}');
      into.lora = {
        name: d['name'],
        strengthModel: asNumber(d['strength_model'] ?? d['strengthModel']),
        strengthClip: asNumber(d['strength_clip'] ?? d['strengthClip']),
      };
      return null;
    }
    case 'templates': {
      const d = asDict(value);
      if (d === null) return bad('{still, video, upscale}');
      const t: { still?: string; video?: string; upscale?: string } = {};
      for (const stage of ['still', 'video', 'upscale'] as const) {
        const v = d[stage];
        if (typeof v === 'string' && v !== '') t[stage] = v;
      }
      into.templates = t;
      return null;
    }
    default: {
      const never: never = key;
      return `unknown field ${String(never)}`;
    }
  }
}

/** `label: prompt` in the clip name gives the prompt; the label alone is the name's shot id. */
export function splitClipName(name: string): { label: string; prompt: string | null } {
  const match = /^\s*([^:]{1,40}?)\s*:\s*(.+)$/s.exec(name);
  if (match !== null && (match[2] as string).trim().length > 0)
    return { label: (match[1] as string).trim(), prompt: (match[2] as string).trim() };
  return { label: name.trim(), prompt: null };
}

function markerValue(marker: Clip['markers'][number]): { field: string; value: string } {
  const resolve = asDict(marker.metadata['Resolve_OTIO']);
  const libero = asDict(marker.metadata['libero']);
  let value = marker.comment.trim();
  if (value === '' && resolve !== null && typeof resolve['Note'] === 'string')
    value = resolve['Note'].trim();
  if (value === '' && libero !== null && typeof libero['value'] === 'string')
    value = libero['value'].trim();
  const named = /^\s*([A-Za-z_ -]+?)\s*:\s*(.*)$/s.exec(marker.name);
  if (value === '' && named !== null)
    return { field: named[1] as string, value: (named[2] as string).trim() };
  return { field: named !== null ? (named[1] as string) : marker.name, value };
}

/** Reads a clip's directives from its name, `metadata.libero` and markers. */
export function readClipDirectives(clip: Clip): ClipDirectives {
  const problems: DirectiveProblem[] = [];
  const report = (message: string | null): void => {
    if (message !== null) problems.push({ clipName: clip.name, message });
  };
  const { prompt } = splitClipName(clip.name);
  const fromName: ShotDirectives = prompt === null ? {} : { prompt };

  const fromMetadata: ShotDirectives = {};
  let regen = 0;
  const libero = clip.metadata['libero'];
  const meta = asDict(libero);
  if (libero !== undefined && meta === null) report('metadata.libero should be an object');
  if (meta !== null) {
    for (const [field, value] of Object.entries(meta)) {
      const m = apply(fromMetadata, field, value);
      if (m !== null) report(`metadata.libero: ${m}`);
    }
    const r = asNumber(meta['regen']);
    if (r !== null) regen += Math.floor(r);
  }

  const fromMarkers: ShotDirectives = {};
  const regenNotes: RegenNote[] = [];
  for (const marker of clip.markers) {
    const { field, value } = markerValue(marker);
    const key =
      FIELD_ALIASES[
        field
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ];
    if (key === 'regen') {
      regen += 1;
      const parsed = parseRegenNote(value);
      regenNotes.push(parsed.note);
      for (const p of parsed.problems) report(`marker "${marker.name}": ${p}`);
      continue;
    }
    if (key === undefined) continue;
    const m = apply(fromMarkers, field, value);
    if (m !== null) report(`marker "${marker.name}": ${m}`);
  }
  const additions: string[] = [];
  for (const { addition, ...fields } of regenNotes) {
    if (fields.prompt !== undefined) additions.length = 0;
    if (addition !== undefined) additions.push(addition);
    Object.assign(fromMarkers, fields);
  }
  // The regen count varies the seed (seed + regen). A regen note that names a seed asks for that
  // very seed: only the regen markers after the last such note vary it further.
  const lastSeeded = regenNotes.findLastIndex((note) => note.seed !== undefined);
  if (lastSeeded >= 0) regen = regenNotes.length - 1 - lastSeeded;
  return { fromName, fromMetadata, fromMarkers, promptAdditions: additions, regen, problems };
}

/**
 * One regen marker as a request: Resolve's export keeps no marker ids, so a marker is known by
 * where it sits in the clip (its source time, to the millisecond), its name and its note.
 */
export interface RegenMarker {
  /** `at|name|note`: equal for the same marker in every export of the timeline. */
  readonly identity: string;
  readonly atSeconds: number;
  readonly name: string;
  readonly note: string;
  /** The note names a seed (used as written, see {@link ClipDirectives.regen}). */
  readonly seeded: boolean;
}

/** The clip's regen markers in clip order, and `metadata.libero.regen` (0 when absent). */
export function readRegenMarkers(clip: Clip): {
  markers: RegenMarker[];
  metadataRegen: number;
} {
  const markers: RegenMarker[] = [];
  for (const marker of clip.markers) {
    const { field, value } = markerValue(marker);
    if (
      FIELD_ALIASES[
        field
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] !== 'regen'
    )
      continue;
    const seconds = marker.markedRange.startTime.toSeconds();
    const atSeconds = Number.isFinite(seconds) ? Math.round(seconds * 1000) / 1000 : 0;
    markers.push({
      identity: JSON.stringify([atSeconds, marker.name, value]),
      atSeconds,
      name: marker.name,
      note: value,
      seeded: parseRegenNote(value).note.seed !== undefined,
    });
  }
  const meta = asDict(clip.metadata['libero']);
  const r = meta === null ? null : asNumber(meta['regen']);
  return { markers, metadataRegen: r === null ? 0 : Math.floor(r) };
}

/**
 * The regen offset a shot is planned with when each regen marker is a request with its own
 * offset (`offsetOf`, fixed when the request was first seen): the newest marker's offset, counted
 * from the newest marker whose note names a seed (that seed is used as written), plus
 * `metadata.libero.regen`. Pure.
 */
export function regenFromRequests(options: {
  markers: readonly RegenMarker[];
  metadataRegen: number;
  offsetOf: (marker: RegenMarker) => number;
}): number {
  let newest = 0;
  let seeded = 0;
  for (const marker of options.markers) {
    const offset = options.offsetOf(marker);
    if (offset >= newest) newest = offset;
    if (marker.seeded && offset >= seeded) seeded = offset;
  }
  return newest - seeded + options.metadataRegen;
}
