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
import { conformTimeline } from './conformed-timeline.js';

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
  it('adds every take as a media reference beside the placeholder, the chosen one active', () => {
    const timeline = conformTimeline({
      timeline: cut(),
      config: parseProjectConfig({ json: {}, file: 'libero.json' }),
      fileExists: () => false,
      shots: new Map([['sc01', { takes: [take(1), take(2)], active: 1 }]]),
    });
    const [shot, card] = timeline.findClips();
    expect(Object.keys(shot?.mediaReferences ?? {})).toEqual([
      'DEFAULT_MEDIA',
      'take-001',
      'take-002',
    ]);
    expect(shot?.activeMediaReferenceKey).toBe('take-001');
    const ref = shot?.mediaReferences['take-002'] as ExternalReference;
    expect(ref).toBeInstanceOf(ExternalReference);
    expect(ref.targetUrl).toBe('/p/out/shots/sc01/take-002.mp4');
    // the take starts where the clip's source range does: 01:00:00:00 = 3600 s = 43200 at 12 fps
    expect([ref.availableRange?.startTime.value, ref.availableRange?.duration.value]).toEqual([
      43_200, 12,
    ]);
    expect((shot?.metadata['libero'] as Record<string, unknown>)['shot_id']).toBe('sc01');
    // the title card is not a shot and is left as it was
    expect(Object.keys(card?.mediaReferences ?? {})).toEqual(['DEFAULT_MEDIA']);
  });
});
