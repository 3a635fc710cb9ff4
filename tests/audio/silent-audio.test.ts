/**
 * `libero audio` with nothing audible: a voice-over line whose scratch read is silence (the draft
 * voice uses the scratch as it is) mixes into a silent WAV of the timeline's length without a
 * loudness pass (loudnorm cannot normalise -inf LUFS), and the summary says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAudioResult } from '../../src/cli/commands/audio-progress.js';
import { defaultProjectConfig } from '../../src/config/index.js';
import { extractAudio, probeMedia, runFfmpeg } from '../../src/media/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../../src/pipeline/audio-produce.js';
import {
  Clip,
  MissingReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
  TrackKind,
} from '../../src/timeline/index.js';

let dir = '';
let scratch = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-silent-audio-'));
  scratch = join(dir, 'scratch.wav');
  await runFfmpeg({
    job: {
      inputs: [{ source: 'anullsrc=r=44100:cl=mono:d=1.5', options: ['-f', 'lavfi'] }],
      filterComplex: null,
      outputs: [{ target: scratch, options: [] }],
    },
    signal: null,
    onProgress: null,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function silentLineTimeline(): Timeline {
  const r = (s: number) => new RationalTime(s * 24, 24);
  const line = new Clip({
    name: 'VO 1',
    mediaReference: new MissingReference(),
    sourceRange: new TimeRange(r(0), r(3)),
    metadata: { libero: { voiceover: { text: 'Silenzio.', scratch } } } as never,
  });
  return new Timeline({
    name: 'silent',
    tracks: new Stack({
      children: [new Track({ name: 'V.O.', kind: TrackKind.Audio, children: [line] })],
    }),
  });
}

describe('produceAudio with nothing audible', () => {
  it('writes a silent mix of the exact length, attempts no loudness pass, and says so', async () => {
    const result = await produceAudio({
      timeline: silentLineTimeline(),
      projectDir: join(dir, 'p'),
      config: defaultProjectConfig(),
      settings: DEFAULT_AUDIO_SETTINGS,
      backend: audioBackendFor({
        env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
        retry: null,
        onEvent: null,
      }),
      signal: null,
      onEvent: null,
    });
    expect(result.cues.map((c) => c.error)).toEqual([null]);
    expect(result.silent).toBe(true);
    const mix = result.mixFile ?? '';
    const probed = await probeMedia(mix);
    expect(probed.streams[0]).toMatchObject({ kind: 'audio', sampleRate: 48_000, channels: 2 });
    expect(probed.duration).toBeCloseTo(3, 3);
    const samples = await extractAudio({ path: mix, sampleRate: 48_000, signal: null });
    expect(samples.every((s) => s === 0)).toBe(true);
    expect(describeAudioResult(result).join('\n')).toMatch(
      /silent \(nothing audible\): no loudness pass/,
    );
  }, 60_000);
});
