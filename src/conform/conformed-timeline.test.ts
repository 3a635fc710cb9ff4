import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../config/index.js';
import {
  Clip,
  ExternalReference,
  GeneratorReference,
  MissingReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
} from '../timeline/index.js';
import { activeTakeKeyOf, conformTimeline } from './conformed-timeline.js';
import { handBackPaths } from './hand-back-paths.js';

const range = (start: number, frames: number) =>
  new TimeRange(new RationalTime(start, 24), new RationalTime(frames, 24));

function cut(): Timeline {
  const track = new Track({ name: 'V1' });
  track.appendChild(
    new Clip({
      name: 'sc01',
      sourceRange: range(86_400, 24),
      mediaReference: new MissingReference(),
      metadata: { libero: { prompt: 'a road' } },
    }),
  );
  track.appendChild(
    new Clip({
      name: 'end card',
      sourceRange: range(0, 24),
      mediaReference: new GeneratorReference({
        generatorKind: 'libero.title',
        parameters: { text: 'Fine' },
      }),
    }),
  );
  return new Timeline({ tracks: new Stack({ children: [track] }) });
}

const take = (number: number) => ({
  number,
  file: `/p/out/shots/sc01/take-00${number}.mp4`,
  frames: 12,
  fps: 12,
  originSeconds: 3600,
  key: `k${number}`,
  createdAt: 't',
  prompt: 'a road',
  seed: 7,
});

describe('conformTimeline', () => {
  it('shows the chosen take as DEFAULT_MEDIA, keeps every take under its key and the placeholder under editor-original', () => {
    const timeline = conformTimeline({
      timeline: cut(),
      config: parseProjectConfig({ json: {}, file: 'libero.json' }),
      fileExists: () => false,
      timelineDir: '/p',
      shots: new Map([['sc01', { takes: [take(1), take(2)], active: 1 }]]),
    });
    const [shot, card] = timeline.findClips();
    expect(Object.keys(shot?.mediaReferences ?? {})).toEqual([
      'DEFAULT_MEDIA',
      'take-001',
      'take-002',
      'editor-original',
    ]);
    // Resolve's own exports only ever use DEFAULT_MEDIA: it holds take 1, the chosen one, as
    // does the active key.
    expect(shot?.activeMediaReferenceKey).toBe('take-001');
    const shown = shot?.mediaReferences['DEFAULT_MEDIA'] as ExternalReference;
    expect([shown.name, shown.targetUrl]).toEqual([
      'take-001.mp4',
      '/p/out/shots/sc01/take-001.mp4',
    ]);
    expect(activeTakeKeyOf(shot as Clip)).toBe('take-001');
    expect(shot?.mediaReferences['editor-original']).toBeInstanceOf(MissingReference);
    const ref = shot?.mediaReferences['take-002'] as ExternalReference;
    expect(ref).toBeInstanceOf(ExternalReference);
    // Named after the file, as Resolve names references.
    expect(ref.name).toBe('take-002.mp4');
    expect(ref.targetUrl).toBe('/p/out/shots/sc01/take-002.mp4');
    // the take starts where the clip's source range does: 01:00:00:00 = 3600 s = 43200 at 12 fps
    expect([ref.availableRange?.startTime.value, ref.availableRange?.duration.value]).toEqual([
      43_200, 12,
    ]);
    expect((shot?.metadata['libero'] as Record<string, unknown>)['shot_id']).toBe('sc01');
    // the title card is not a shot and is left as it was
    expect(Object.keys(card?.mediaReferences ?? {})).toEqual(['DEFAULT_MEDIA']);
  });

  it('conforming a hand-back again keeps the editor original once and moves DEFAULT_MEDIA to the new choice', () => {
    const config = parseProjectConfig({ json: {}, file: 'libero.json' });
    const once = conformTimeline({
      timeline: cut(),
      config,
      fileExists: () => false,
      timelineDir: '/p',
      shots: new Map([['sc01', { takes: [take(1)], active: 1 }]]),
    });
    const twice = conformTimeline({
      timeline: once,
      config,
      fileExists: () => false,
      timelineDir: '/p',
      shots: new Map([['sc01', { takes: [take(1), take(2)], active: 2 }]]),
    });
    const [shot] = twice.findClips();
    expect(Object.keys(shot?.mediaReferences ?? {})).toEqual([
      'DEFAULT_MEDIA',
      'take-001',
      'take-002',
      'editor-original',
    ]);
    expect((shot?.mediaReferences['DEFAULT_MEDIA'] as ExternalReference).targetUrl).toBe(
      '/p/out/shots/sc01/take-002.mp4',
    );
    expect(shot?.activeMediaReferenceKey).toBe('take-002');
    expect(shot?.mediaReferences['editor-original']).toBeInstanceOf(MissingReference);
  });

  it.each([
    // The active key is a take key.
    [{ key: 'take-003', url: '/x/a.mp4', take: null }, 'take-003'],
    // DEFAULT_MEDIA with libero's take number.
    [{ key: 'DEFAULT_MEDIA', url: '/x/a.mp4', take: 2 }, 'take-002'],
    // An NLE export that dropped the metadata: the take file's name says it.
    [
      { key: 'DEFAULT_MEDIA', url: 'C:\\Media\\out\\shots\\sc01\\take-004.mp4', take: null },
      'take-004',
    ],
    // The editor's own footage.
    [{ key: 'DEFAULT_MEDIA', url: '/x/a.mp4', take: null }, null],
  ])('activeTakeKeyOf %j -> %s', (c, expected) => {
    const clip = new Clip({ name: 'c' });
    clip.setMediaReferences(
      {
        [c.key]: new ExternalReference({
          targetUrl: c.url,
          metadata: c.take === null ? {} : { libero: { take: c.take } },
        }),
      },
      c.key,
    );
    expect(activeTakeKeyOf(clip)).toBe(expected);
  });

  it('handBackPaths: libero media to the editor paths, the editor media untouched, start timecode set', () => {
    const config = parseProjectConfig({
      json: {
        paths: { map: [{ from: 'C:\\Show', to: '/p' }] },
        conform: { startTimecode: '01:00:00:00' },
      },
      file: 'libero.json',
    });
    const timeline = conformTimeline({
      timeline: cut(),
      config,
      fileExists: () => false,
      timelineDir: '/p',
      shots: new Map([['sc01', { takes: [take(1)], active: 1 }]]),
    });
    const editors = new ExternalReference({ targetUrl: '/p/editor.mov' });
    const [, card] = timeline.findClips();
    card?.setMediaReferences({ DEFAULT_MEDIA: editors }, 'DEFAULT_MEDIA');
    handBackPaths({ timeline, config });
    const [shot] = timeline.findClips();
    expect((shot?.mediaReferences['DEFAULT_MEDIA'] as ExternalReference).targetUrl).toBe(
      'C:\\Show\\out\\shots\\sc01\\take-001.mp4',
    );
    expect((shot?.mediaReferences['take-001'] as ExternalReference).targetUrl).toBe(
      'C:\\Show\\out\\shots\\sc01\\take-001.mp4',
    );
    expect(editors.targetUrl).toBe('/p/editor.mov');
    expect([timeline.globalStartTime?.value, timeline.globalStartTime?.rate]).toEqual([86_400, 24]);
  });
});
