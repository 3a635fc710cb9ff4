import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  Clip,
  Gap,
  Marker,
  MissingReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
  TrackKind,
  readTimelineFile,
} from '../timeline/index.js';
import { DEFAULT_CUE_DEFAULTS, readAudioCues } from './read-audio-cues.js';

const r = (seconds: number) => new RationalTime(seconds * 24, 24);
const range = (start: number, duration: number) => new TimeRange(r(start), r(duration));

function clip(
  name: string,
  seconds: number,
  metadata: Record<string, unknown>,
  markers: Marker[] = [],
) {
  return new Clip({
    name,
    mediaReference: new MissingReference(),
    sourceRange: range(0, seconds),
    metadata: metadata as never,
    markers,
  });
}

function timeline(...tracks: Track[]) {
  return new Timeline({ name: 't', tracks: new Stack({ children: tracks }) });
}

describe('readAudioCues', () => {
  it('reads the demo trailer: seven Italian lines with the production settings and one score cue of the whole length', async () => {
    const path = fileURLToPath(
      new URL('../../templates/projects/trailer/trailer.otio', import.meta.url),
    );
    const t = (await readTimelineFile(path)) as Timeline;
    const cues = readAudioCues({ timeline: t, projectDir: '/p', defaults: DEFAULT_CUE_DEFAULTS });
    expect(cues.problems).toEqual([]);
    expect(cues.clips).toEqual([]);
    expect(cues.voice.map((c) => c.id)).toEqual([
      'vo-1',
      'vo-2',
      'vo-3',
      'vo-4',
      'vo-5',
      'vo-6',
      'vo-7-on-camera',
    ]);
    expect(cues.voice[0]).toMatchObject({
      start: 0.5,
      language: 'it',
      model: 'eleven_multilingual_v2',
      voice: null,
      scratch: null,
    });
    expect(cues.voice[0]?.settings).toEqual({
      stability: 0.3,
      similarityBoost: 0.4,
      style: 0.5,
      useSpeakerBoost: null,
      speed: null,
    });
    expect(cues.score).toHaveLength(1);
    expect(cues.score[0]).toMatchObject({ start: 0, duration: 89, instrumental: true });
    expect(cues.duration).toBeGreaterThanOrEqual(89);
  });

  it('takes markers, percent settings, aliases and relative scratch paths', () => {
    const vo = new Track({
      name: 'A1',
      kind: TrackKind.Audio,
      children: [
        new Gap({ sourceRange: range(0, 2) }),
        clip(
          'Line A',
          4,
          {
            libero: {
              voiceover: {
                voice: 'v1',
                scratch: 'scratch/a.wav',
                settings: { stability: 30, similarity: 40, style_exaggeration: 50 },
              },
            },
          },
          [new Marker({ name: 'voiceover', comment: 'Dopo i primi contatti.' })],
        ),
      ],
      markers: [new Marker({ name: 'score', comment: 'low strings', markedRange: range(1, 5) })],
    });
    const cues = readAudioCues({
      timeline: timeline(vo),
      projectDir: '/proj',
      defaults: DEFAULT_CUE_DEFAULTS,
    });
    expect(cues.voice).toEqual([
      {
        kind: 'voice',
        id: 'line-a',
        source: "clip 'Line A' on track 'A1'",
        text: 'Dopo i primi contatti.',
        voice: 'v1',
        model: 'eleven_multilingual_v2',
        settings: {
          stability: 0.3,
          similarityBoost: 0.4,
          style: 0.5,
          useSpeakerBoost: null,
          speed: null,
        },
        scratch: '/proj/scratch/a.wav',
        language: 'it',
        start: 2,
        duration: 4,
      },
    ]);
    expect(cues.score).toEqual([
      {
        kind: 'score',
        id: 'score',
        source: "marker 'score' on track 'A1' at 1.00 s",
        prompt: 'low strings',
        instrumental: true,
        start: 1,
        duration: 5,
      },
    ]);
  });

  it('reports cues without text or with wrong settings, and keeps the others', () => {
    const vo = new Track({
      name: 'A1',
      kind: TrackKind.Audio,
      children: [
        clip('Empty', 2, { libero: { voiceover: { text: '  ' } } }),
        clip('Loud', 2, { libero: { voiceover: { text: 'ciao', settings: { speed: 3 } } } }),
        clip('Fine', 2, { libero: { voiceover: { text: 'bene' } } }),
      ],
    });
    const cues = readAudioCues({
      timeline: timeline(vo),
      projectDir: '/p',
      defaults: DEFAULT_CUE_DEFAULTS,
    });
    expect(cues.voice.map((c) => c.text)).toEqual(['bene']);
    expect(cues.problems.map((p) => p.source)).toEqual([
      "clip 'Empty' on track 'A1'",
      "clip 'Loud' on track 'A1'",
    ]);
    expect(cues.problems[1]?.message).toContain('settings.speed');
  });
});
