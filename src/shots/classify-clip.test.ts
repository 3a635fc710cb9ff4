import { describe, expect, it } from 'vitest';
import {
  Clip,
  Effect,
  ExternalReference,
  GeneratorReference,
  ImageSequenceReference,
  Marker,
  MissingReference,
  RationalTime,
  TimeRange,
} from '../timeline/index.js';
import type { MediaReference } from '../timeline/index.js';
import { classifyClip } from './classify-clip.js';
import { readClipDirectives } from './clip-directives.js';

const here = new Set(['/media/a.mov', '/plates/p.1001.exr', '/plates/p.1002.exr']);

function classOf(options: {
  name?: string;
  media: MediaReference | null;
  markers?: string[][];
  metadata?: Record<string, unknown>;
  effects?: Effect[];
}): string {
  const clip = new Clip({
    name: options.name ?? 'c',
    // No media at all: empty media_references (as Resolve writes some clips).
    ...(options.media === null ? { mediaReferences: {} } : { mediaReference: options.media }),
    sourceRange: new TimeRange(new RationalTime(0, 24), new RationalTime(2, 24)),
    metadata: (options.metadata ?? {}) as Clip['metadata'],
    markers: (options.markers ?? []).map(
      ([name, comment]) =>
        new Marker({
          name: name ?? '',
          comment: comment ?? '',
          markedRange: new TimeRange(new RationalTime(0, 24), new RationalTime(1, 24)),
        }),
    ),
    effects: options.effects ?? [],
  });
  const k = classifyClip({
    clip,
    directives: readClipDirectives(clip),
    pathMap: [],
    timelineDir: '/project',
    fileExists: (p) => here.has(p),
  });
  return `${k.class}: ${k.class === 'placeholder' ? k.rule : k.reason}`;
}

const file = (url: string) => new ExternalReference({ targetUrl: url });
const plate = (start: number) =>
  new ImageSequenceReference({
    targetUrlBase: '/plates',
    namePrefix: 'p.',
    nameSuffix: '.exr',
    startFrame: start,
    frameZeroPadding: 4,
    rate: 24,
  });

describe('classifyClip', () => {
  it.each([
    // The editor's slot for a shot.
    [{ media: new MissingReference() }, 'placeholder: missing-reference'],
    [{ media: null }, 'placeholder: no-media'],
    [
      { media: new GeneratorReference({ generatorKind: 'kdenlive:SolidColor' }) },
      'placeholder: slug-generator',
    ],
    [
      { media: new GeneratorReference({ generatorKind: 'libero.placeholder' }) },
      'placeholder: slug-generator',
    ],
    // A generator that is not a slug, and a Resolve title without media, are left alone.
    [
      { media: new GeneratorReference({ generatorKind: 'SMPTEBars' }) },
      'title-effect: a SMPTEBars generator',
    ],
    [
      {
        media: null,
        effects: [
          new Effect({
            effectName: 'Resolve Effect',
            metadata: { Resolve_OTIO: { 'Effect Name': 'Text+' } },
          }),
        ],
      },
      'title-effect: a title without media (Text+)',
    ],
    // Hard negative: footage that is here and is named like a prompt is ready, not a shot.
    [{ name: 'A001_C003: take 2', media: file('/media/a.mov') }, 'ready: media on disk'],
    // Hard negative: offline footage named like a prompt stays offline.
    [
      { name: 'A001_C003: take 2', media: file('C:\\Media\\a.mov') },
      'offline: missing file C:\\Media\\a.mov',
    ],
    // Offline footage the editor marked with a prompt is a shot to generate.
    [
      { media: file('C:\\Media\\a.mov'), markers: [['prompt', 'a road at dawn']] },
      'placeholder: marker-prompt',
    ],
    [
      { media: file('/gone.mov'), metadata: { libero: { prompt: 'a road' } } },
      'placeholder: metadata-prompt',
    ],
    // A regen marker on real footage asks for a take over it.
    [{ media: file('/media/a.mov'), markers: [['regen', '']] }, 'placeholder: regen-marker'],
    // A plate whose two used frames are here is ready; one starting a frame later misses 1003.
    [{ media: plate(1001) }, 'ready: media on disk'],
    [{ media: plate(1002) }, 'offline: image sequence /plates/p.%04d.exr lacks 1 frame(s): 1003'],
    // Not a file.
    [
      { media: file('https://cdn.example/a.mov') },
      'offline: not a file on this machine: https://cdn.example/a.mov',
    ],
  ])('%#: %s', (options, expected) => {
    expect(classOf(options)).toBe(expected);
  });
});
