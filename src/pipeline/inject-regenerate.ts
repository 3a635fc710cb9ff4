/**
 * An API "regenerate" expressed in the editor's own vocabulary, on an in-memory copy of the
 * timeline text (the editor's file is never written): markers named `prompt`, `seed`, `motion`
 * for the overrides (markers win over every other layer) and `metadata.libero.regen` raised by
 * `extraRegen` for a new variation. The pipeline then plans it like any other version.
 */
import { LiberoError } from '../shared/index.js';

/** What an API regenerate asks to change (the service's RegenerateRequest has this shape). */
export interface RegenerateOverrides {
  readonly prompt?: string | undefined;
  readonly seed?: number | undefined;
  readonly motion?: string | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* videoClips(node: unknown): Generator<Json> {
  if (!isObject(node)) return;
  const schema = String(node['OTIO_SCHEMA'] ?? '');
  if (schema.startsWith('Clip.')) {
    yield node;
    return;
  }
  if (schema.startsWith('Track.') && node['kind'] !== 'Video') return;
  if (schema.startsWith('Timeline.')) {
    yield* videoClips(node['tracks']);
    return;
  }
  for (const child of (node['children'] as unknown[] | undefined) ?? []) yield* videoClips(child);
}

function shotIdOf(clip: Json): string | null {
  const meta = clip['metadata'];
  const libero = isObject(meta) ? meta['libero'] : undefined;
  const id = isObject(libero) ? libero['shot_id'] : undefined;
  return typeof id === 'string' ? id : null;
}

function marker(name: string, comment: string, clip: Json): Json {
  const range = isObject(clip['source_range']) ? clip['source_range'] : null;
  const start = range !== null && isObject(range['start_time']) ? range['start_time'] : null;
  const rate = start !== null && typeof start['rate'] === 'number' ? start['rate'] : 24;
  const value = start !== null && typeof start['value'] === 'number' ? start['value'] : 0;
  return {
    OTIO_SCHEMA: 'Marker.2',
    name,
    comment,
    color: 'RED',
    metadata: { libero: { injected_by: 'libero serve' } },
    marked_range: {
      OTIO_SCHEMA: 'TimeRange.1',
      start_time: { OTIO_SCHEMA: 'RationalTime.1', rate, value },
      duration: { OTIO_SCHEMA: 'RationalTime.1', rate, value: 0 },
    },
  };
}

/** Options for {@link injectRegenerate}. */
export interface InjectRegenerateOptions {
  readonly timelineText: string;
  readonly shotId: string;
  /** The clip's name in the timeline (the shot id's fallback identity). */
  readonly clipName: string;
  readonly request: RegenerateOverrides;
  /** Added to the clip's regen count (0: only the overrides). */
  readonly extraRegen: number;
  /**
   * A stored regen marker to put back on the clip (its source time in seconds, name and note),
   * for the take of a marker the editor removed before it was made; null: none.
   */
  readonly regenMarker: { atSeconds: number; name: string; note: string } | null;
}

/** The timeline text with the shot's clip carrying the overrides and extra regen count. */
export function injectRegenerate(options: InjectRegenerateOptions): string {
  const root = JSON.parse(options.timelineText) as unknown;
  const clips = [...videoClips(root)];
  const byId = clips.filter((c) => shotIdOf(c) === options.shotId);
  const matches =
    byId.length > 0
      ? byId
      : clips.filter((c) => shotIdOf(c) === null && c['name'] === options.clipName);
  const clip = matches[0];
  if (clip === undefined)
    throw new LiberoError('API_NOT_FOUND', `no clip for shot "${options.shotId}" in the timeline`, {
      details: { shotId: options.shotId, clipName: options.clipName },
    });
  const markers = Array.isArray(clip['markers']) ? [...(clip['markers'] as unknown[])] : [];
  const { prompt, seed, motion } = options.request;
  if (prompt !== undefined) markers.push(marker('prompt', prompt, clip));
  if (seed !== undefined) markers.push(marker('seed', String(seed), clip));
  if (motion !== undefined) markers.push(marker('motion', motion, clip));
  const again = options.regenMarker;
  if (again !== null) {
    const put = marker(again.name, again.note, clip);
    // at the marker's own source time, to the millisecond (its identity)
    const start = {
      OTIO_SCHEMA: 'RationalTime.1',
      rate: 1000,
      value: Math.round(again.atSeconds * 1000),
    };
    put['marked_range'] = { ...(put['marked_range'] as Json), start_time: start };
    markers.push(put);
  }
  clip['markers'] = markers;
  if (options.extraRegen > 0) {
    const meta = isObject(clip['metadata']) ? clip['metadata'] : {};
    const libero = isObject(meta['libero']) ? meta['libero'] : {};
    const before = typeof libero['regen'] === 'number' ? libero['regen'] : 0;
    clip['metadata'] = { ...meta, libero: { ...libero, regen: before + options.extraRegen } };
  }
  return JSON.stringify(root);
}
