import { describe, expect, it } from 'vitest';
import { ValidationError, hasCode } from '../../shared/index.js';
import { Clip } from '../schema/clip.js';
import { Color } from '../schema/color.js';
import { ExternalReference } from '../schema/media-reference.js';
import { Marker } from '../schema/marker.js';
import type { Timeline } from '../schema/timeline.js';
import type { Track } from '../schema/track.js';
import { UnknownSchema } from '../schema/unknown-schema.js';
import { TimeRange } from '../time/time-range.js';
import { readFromString, writeToString } from './otio-json.js';

const rt = (value: number, rate = 24): object => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const tr = (start: number, duration: number): object => ({
  OTIO_SCHEMA: 'TimeRange.1',
  duration: rt(duration),
  start_time: rt(start),
});
/** A timeline with one video track holding `children`. */
function doc(children: object[], extra: object = {}): string {
  return JSON.stringify({
    OTIO_SCHEMA: 'Timeline.1',
    name: 'tl',
    ...extra,
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      children: [{ OTIO_SCHEMA: 'Track.1', kind: 'Video', children }],
    },
  });
}
function firstChild(text: string): unknown {
  const tl = readFromString(text, { file: 't.otio' }) as Timeline;
  return (tl.tracks.children[0] as Track).children[0];
}
function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return null;
}

describe('reading: upgrades on raw JSON (typeRegistry.cpp)', () => {
  it('reads Marker.2 with a colour name (the reference at bc5fe2d7 fails here; see ../shared/ref/otio.md)', () => {
    const clip = firstChild(
      doc([
        {
          OTIO_SCHEMA: 'Clip.2',
          media_references: {},
          active_media_reference_key: 'DEFAULT_MEDIA',
          markers: [{ OTIO_SCHEMA: 'Marker.2', name: 'm', color: 'red', marked_range: tr(0, 1) }],
        },
      ]),
    ) as Clip;
    const m = clip.markers[0] as Marker;
    // 2 -> 3 runs once: "red" (case-insensitive) becomes Color::red, named "Red".
    expect(m.color?.equals(Color.red)).toBe(true);
    expect(m.markedRange.strictlyEqual(TimeRange.fromValues(0, 1, 24))).toBe(true);
  });

  it('reads Marker.1 (range -> marked_range) and keeps unknown colour names on white', () => {
    const clip = firstChild(
      doc([
        {
          OTIO_SCHEMA: 'Clip.1',
          media_reference: null,
          markers: [{ OTIO_SCHEMA: 'Marker.1', color: 'Lavender', range: tr(5, 2) }],
        },
      ]),
    ) as Clip;
    const m = clip.markers[0] as Marker;
    expect(m.markedRange.startTime.value).toBe(5);
    expect(m.color).toEqual(new Color({ name: 'Lavender' }));
    // Clip.1 without a media reference gets a MissingReference under DEFAULT_MEDIA.
    expect(clip.mediaReference?.schema).toBe('MissingReference.1');
  });

  it('keeps unknown schemas and unknown fields, nested, and writes them back', () => {
    const text = doc(
      [
        {
          OTIO_SCHEMA: 'Clip.2',
          x_vendor: { deep: [1, { OTIO_SCHEMA: 'FancyThing.4', a: 1 }] },
          media_references: {
            DEFAULT_MEDIA: {
              OTIO_SCHEMA: 'ExternalReference.1',
              target_url: 'a.mov',
              resolve_id: 7,
            },
          },
          active_media_reference_key: 'DEFAULT_MEDIA',
        },
      ],
      { metadata: { plugin: { OTIO_SCHEMA: 'Plugin.3', anything: [rt(1)] } } },
    );
    const tl = readFromString(text, { file: 't.otio' }) as Timeline;
    // Dictionaries with OTIO_SCHEMA anywhere are decoded (deserialization.cpp), unknown ones
    // into UnknownSchema, which writes its fields back unchanged (unknownSchema.cpp).
    expect(tl.metadata['plugin']).toBeInstanceOf(UnknownSchema);
    const out = JSON.parse(writeToString(tl)) as {
      metadata: Record<string, unknown>;
      tracks: { children: { children: Record<string, unknown>[] }[] };
    };
    const children = out.tracks.children[0]?.children ?? [];
    expect(children[0]?.['x_vendor']).toEqual({ deep: [1, { OTIO_SCHEMA: 'FancyThing.4', a: 1 }] });
    expect(
      (children[0]?.['media_references'] as Record<string, Record<string, unknown>>)[
        'DEFAULT_MEDIA'
      ]?.['resolve_id'],
    ).toBe(7);
    expect(out.metadata['plugin']).toEqual({ OTIO_SCHEMA: 'Plugin.3', anything: [rt(1)] });
  });

  it('reads legacy names: Sequence.1, Filler.1, SerializeableCollection.1', () => {
    const text = JSON.stringify({
      OTIO_SCHEMA: 'SerializeableCollection.1',
      children: [
        {
          OTIO_SCHEMA: 'Timeline.1',
          tracks: {
            OTIO_SCHEMA: 'Stack.1',
            children: [
              {
                OTIO_SCHEMA: 'Sequence.1',
                kind: 'Audio',
                children: [{ OTIO_SCHEMA: 'Filler.1', source_range: tr(0, 3) }],
              },
            ],
          },
        },
        null,
      ],
    });
    const out = writeToString(readFromString(text, { file: 'c.otio' }));
    expect(out).toContain('"SerializableCollection.1"');
    expect(out).toContain('"Track.1"');
    expect(out).toContain('"Gap.1"');
    expect(out).not.toMatch(/Sequence|Filler|Serializeable/);
  });

  it('keeps metadata exactly: unicode, nesting, big integers, floats', () => {
    const text = `{"OTIO_SCHEMA": "Timeline.1", "metadata": {"id": 123456789012345678901, "neg": -9007199254740993, "f": 0.1, "s": "ü ✓", "n": {"a": [true, null]}}, "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}`;
    const tl = readFromString(text, { file: 'm.otio' }) as Timeline;
    expect(tl.metadata['id']).toBe(123456789012345678901n);
    const out = writeToString(tl);
    expect(out).toContain('"id": 123456789012345678901');
    expect(out).toContain('"neg": -9007199254740993');
    expect(out).toContain('"f": 0.1');
    expect(out).toContain('"s": "ü ✓"');
  });
});

describe('hostile keys', () => {
  it('keeps a "__proto__" key as a plain field (no prototype swap), with both parsers', () => {
    for (const big of ['1', '123456789012345678901']) {
      const text = `{"OTIO_SCHEMA": "Timeline.1", "metadata": {"__proto__": {"polluted": ${big}}}, "tracks": {"OTIO_SCHEMA": "Stack.1", "children": []}}`;
      const tl = readFromString(text, { file: 'p.otio' }) as Timeline;
      expect(Object.getPrototypeOf(tl.metadata)).toBe(Object.prototype);
      expect(Object.keys(tl.metadata)).toEqual(['__proto__']);
      expect(writeToString(tl)).toContain(`"__proto__": {\n            "polluted": ${big}`);
    }
  });
});

describe('reading: errors name the file, the JSON path and the expectation', () => {
  it('points at a bad rate deep in the tree', () => {
    const text = doc([
      { OTIO_SCHEMA: 'Gap.1', source_range: tr(0, 1) },
      {
        OTIO_SCHEMA: 'Gap.1',
        source_range: {
          OTIO_SCHEMA: 'TimeRange.1',
          start_time: rt(0),
          duration: { OTIO_SCHEMA: 'RationalTime.1', value: 1, rate: '24' },
        },
      },
    ]);
    const error = errorOf(() => readFromString(text, { file: 'cut.otio' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(
      'cut.otio: tracks.children[0].children[1].source_range.duration.rate: expected a number, found the string "24"',
    );
    expect((error as ValidationError).details).toEqual({
      file: 'cut.otio',
      path: 'tracks.children[0].children[1].source_range.duration.rate',
    });
    expect(hasCode(error, 'TIMELINE_INVALID_SCHEMA')).toBe(true);
  });

  it.each([
    [
      'a missing required field',
      doc([{ OTIO_SCHEMA: 'Track.1', children: [] }]),
      'tracks.children[0].children[0].kind: missing (expected a string)',
      'TIMELINE_INVALID_SCHEMA',
    ],
    [
      'a child that is not composable',
      doc([{ OTIO_SCHEMA: 'Marker.3', marked_range: tr(0, 1) }]),
      'tracks.children[0].children[0]: expected a Composable, found Marker',
      'TIMELINE_INVALID_SCHEMA',
    ],
    [
      'a newer schema version',
      doc([{ OTIO_SCHEMA: 'Clip.3' }]),
      'tracks.children[0].children[0].OTIO_SCHEMA: schema Clip is known up to version 2',
      'TIMELINE_UNSUPPORTED_VERSION',
    ],
    [
      'a malformed OTIO_SCHEMA',
      doc([{ OTIO_SCHEMA: 'Clip' }]),
      'tracks.children[0].children[0].OTIO_SCHEMA: expected "Name.version"',
      'TIMELINE_INVALID_SCHEMA',
    ],
    [
      'a top level that is not an object',
      '[1, 2]',
      '(the top object): expected an object with OTIO_SCHEMA',
      'TIMELINE_INVALID_SCHEMA',
    ],
    [
      'a top object without OTIO_SCHEMA',
      '{"a": 1}',
      'OTIO_SCHEMA: missing',
      'TIMELINE_INVALID_SCHEMA',
    ],
    [
      'broken JSON',
      '{\n  "OTIO_SCHEMA": "Timeline.1",\n  "name": \n}',
      'not valid JSON at line 4, column 1',
      'TIMELINE_INVALID_JSON',
    ],
  ] as const)('%s', (_what, text, message, code) => {
    const error = errorOf(() => readFromString(text, { file: 'x.otio' }));
    expect(hasCode(error, code)).toBe(true);
    expect((error as Error).message).toContain(`x.otio: ${message}`);
  });
});

describe('writing for older readers (CORE_VERSION_MAP, target_schema_versions)', () => {
  const clip = new Clip({
    name: 'shot',
    mediaReferences: {
      'take-001': new ExternalReference({ targetUrl: '/a.mov' }),
      'take-002': new ExternalReference({ targetUrl: '/b.mov' }),
    },
    activeMediaReferenceKey: 'take-002',
    markers: [
      new Marker({ name: 'prompt', color: Color.red }),
      new Marker({ color: new Color({ name: 'Lavender' }) }),
    ],
  });

  it('0.18.1 (the NLE default) writes Marker.2 with upper-case colour names and keeps Clip.2', () => {
    const out = JSON.parse(writeToString(clip, { targetVersion: '0.18.1' })) as Record<
      string,
      unknown
    >;
    expect(out['OTIO_SCHEMA']).toBe('Clip.2');
    const markers = out['markers'] as Record<string, unknown>[];
    expect(markers.map((m) => [m['OTIO_SCHEMA'], m['color']])).toEqual([
      ['Marker.2', 'RED'],
      // Marker 3->2: a name that is not a known colour is kept as it is.
      ['Marker.2', 'Lavender'],
    ]);
  });

  it('0.14.0 writes Clip.1 with the active take as media_reference', () => {
    const out = JSON.parse(writeToString(clip, { targetVersion: '0.14.0' })) as Record<
      string,
      unknown
    >;
    expect(out['OTIO_SCHEMA']).toBe('Clip.1');
    expect((out['media_reference'] as Record<string, unknown>)['target_url']).toBe('/b.mov');
    expect(out).not.toHaveProperty('media_references');
  });

  it('rejects an unknown label', () => {
    expect(
      hasCode(
        errorOf(() => writeToString(clip, { targetVersion: '9.9' })),
        'TIMELINE_UNSUPPORTED_VERSION',
      ),
    ).toBe(true);
  });

  it('downgraded output reads back to the same objects', () => {
    const back = readFromString(writeToString(clip, { targetVersion: '0.18.1' }), { file: 'x' });
    expect(writeToString(back)).toBe(writeToString(clip));
  });
});
