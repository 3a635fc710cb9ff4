import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLoudness } from '../../src/audio/index.js';
import { defaultProjectConfig } from '../../src/config/index.js';
import { probeMedia } from '../../src/media/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import type { AudioEnv } from '../../src/pipeline/audio-backend-from-env.js';
import { prepareRenderAudio } from '../../src/pipeline/audio-for-render.js';
import { renderTimeline } from '../../src/pipeline/render-timeline.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { audioTimeline } from './audio-timeline.js';

let dir: string;
let fake: FakeElevenLabs;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-render-audio-'));
  fake = await startFakeElevenLabs({ apiKey: 'sk_render_test_key', voices: ['narrator_it'] });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a render with voice-over and score', () => {
  it.each<[string, () => AudioEnv]>([
    ['offline draft', () => ({ apiKey: null, baseUrl: null, voiceId: null, draftVoice: null })],
    [
      'ElevenLabs (fake)',
      () => ({
        apiKey: 'sk_render_test_key',
        baseUrl: fake.url,
        voiceId: 'narrator_it',
        draftVoice: null,
      }),
    ],
  ])('%s: the master carries the mix at -14 LUFS (within 1 LU, ebur128)', async (name, env) => {
    const project = join(dir, name.split(' ')[0] ?? 'p');
    const timeline = audioTimeline();
    const choice = await prepareRenderAudio({
      timeline,
      projectDir: project,
      config: defaultProjectConfig(),
      settings: null,
      backend: audioBackendFor({ env: env(), retry: null, onEvent: null }),
      signal: null,
      onEvent: null,
    });
    expect(choice.audio.kind).toBe('file');
    expect(choice.loudness).toBeNull();
    const output = join(project, 'master.mp4');
    await renderTimeline({
      timeline,
      timelinePath: join(project, 'audio.otio'),
      output,
      lut: null,
      crf: null,
      preset: 'ultrafast',
      range: null,
      interpolate: false,
      loudness: choice.loudness,
      cacheDir: null,
      audio: choice.audio,
      size: { width: 64, height: 36 },
      rate: null,
      debugDir: null,
      signal: null,
      onProgress: null,
    });
    const probed = await probeMedia(output);
    const audio = probed.streams.find((s) => s.kind === 'audio');
    expect(audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
    expect(probed.duration).toBeCloseTo(8, 0);
    const measured = await measureLoudness(output, null);
    expect(Math.abs(measured.integrated - -14)).toBeLessThanOrEqual(1);
    expect(measured.truePeak ?? 0).toBeLessThanOrEqual(-1);
  });

  it('a timeline without cues leaves the audio to the render', async () => {
    const timeline = audioTimeline();
    for (const track of timeline.audioTracks()) track.enabled = false;
    const choice = await prepareRenderAudio({
      timeline,
      projectDir: join(dir, 'none'),
      config: defaultProjectConfig(),
      settings: null,
      backend: audioBackendFor({
        env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
        retry: null,
        onEvent: null,
      }),
      signal: null,
      onEvent: null,
    });
    expect(choice).toEqual({ audio: { kind: 'mix' }, loudness: -14, result: null });
  });
});
