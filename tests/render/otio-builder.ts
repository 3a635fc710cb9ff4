/** Builds OTIO JSON the way NLEs write it, for the render tests. */
import { readFromString, Timeline } from '../../src/timeline/index.js';

type Json = Record<string, unknown>;

/** RationalTime.1 JSON. */
export function rt(value: number, rate: number): Json {
  return { OTIO_SCHEMA: 'RationalTime.1', value, rate };
}

/** TimeRange.1 JSON. */
export function range(start: number, duration: number, rate: number): Json {
  return { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, rate), duration: rt(duration, rate) };
}

/** A clip on `rate` with an ExternalReference (available range optional). */
export function clip(options: {
  name: string;
  url: string | null;
  start: number;
  duration: number;
  rate: number;
  available?: { start: number; duration: number; rate: number };
  effects?: Json[];
  metadata?: Json;
  enabled?: boolean;
  reference?: Json;
}): Json {
  const reference =
    options.reference ??
    (options.url === null
      ? { OTIO_SCHEMA: 'MissingReference.1', name: '', metadata: {}, available_range: null }
      : {
          OTIO_SCHEMA: 'ExternalReference.1',
          name: options.name,
          metadata: {},
          target_url: options.url,
          available_range:
            options.available === undefined
              ? null
              : range(options.available.start, options.available.duration, options.available.rate),
        });
  return {
    OTIO_SCHEMA: 'Clip.2',
    name: options.name,
    metadata: options.metadata ?? {},
    source_range: range(options.start, options.duration, options.rate),
    effects: options.effects ?? [],
    markers: [],
    enabled: options.enabled ?? true,
    media_references: { DEFAULT_MEDIA: reference },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

/** A generator clip (SolidColor, libero.title, SMPTEBars). */
export function generator(options: {
  name: string;
  kind: string;
  parameters: Json;
  duration: number;
  rate: number;
}): Json {
  return clip({
    name: options.name,
    url: null,
    start: 0,
    duration: options.duration,
    rate: options.rate,
    reference: {
      OTIO_SCHEMA: 'GeneratorReference.1',
      name: options.name,
      metadata: {},
      generator_kind: options.kind,
      parameters: options.parameters,
      available_range: null,
    },
  });
}

/** Gap.1 JSON. */
export function gap(duration: number, rate: number): Json {
  return {
    OTIO_SCHEMA: 'Gap.1',
    name: '',
    metadata: {},
    source_range: range(0, duration, rate),
    effects: [],
    markers: [],
    enabled: true,
  };
}

/** An SMPTE dissolve. */
export function dissolve(inOffset: number, outOffset: number, rate: number): Json {
  return {
    OTIO_SCHEMA: 'Transition.1',
    name: '',
    metadata: {},
    transition_type: 'SMPTE_Dissolve',
    in_offset: rt(inOffset, rate),
    out_offset: rt(outOffset, rate),
  };
}

/** LinearTimeWarp.1 / FreezeFrame.1 JSON. */
export function timeWarp(scalar: number): Json {
  return scalar === 0
    ? {
        OTIO_SCHEMA: 'FreezeFrame.1',
        name: '',
        metadata: {},
        effect_name: 'FreezeFrame',
        time_scalar: 0,
      }
    : {
        OTIO_SCHEMA: 'LinearTimeWarp.1',
        name: '',
        metadata: {},
        effect_name: 'LinearTimeWarp',
        time_scalar: scalar,
      };
}

/** Track.1 JSON. */
export function track(kind: 'Video' | 'Audio', children: Json[], enabled = true): Json {
  return {
    OTIO_SCHEMA: 'Track.1',
    name: kind === 'Video' ? 'V' : 'A',
    metadata: {},
    source_range: null,
    effects: [],
    markers: [],
    enabled,
    kind,
    children,
  };
}

/** A parsed Timeline from tracks (bottom first) with an optional global start time. */
export function timeline(tracks: Json[], globalStart: Json | null = null): Timeline {
  const json = {
    OTIO_SCHEMA: 'Timeline.1',
    name: 'test',
    metadata: {},
    global_start_time: globalStart,
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      name: 'tracks',
      metadata: {},
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: tracks,
    },
  };
  const value = readFromString(JSON.stringify(json), { file: 'test.otio' });
  if (!(value instanceof Timeline)) throw new Error('not a timeline');
  return value;
}
