import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProjectConfig } from '../../src/config/index.js';
import { BROADCAST_LOUDNESS, DEFAULT_RETRY_POLICY } from '../../src/audio/index.js';
import { probeMedia, runFfmpeg } from '../../src/media/index.js';
import {
  Clip,
  ExternalReference,
  Gap,
  RationalTime,
  TimeRange,
  Track,
  TrackKind,
} from '../../src/timeline/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import type { AudioEvent } from '../../src/pipeline/audio-event.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../../src/pipeline/audio-produce.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { audioTimeline } from './audio-timeline.js';

const KEY = 'sk_produce_test_9d8c7b6a5f4e';
let dir: string;
let fake: FakeElevenLabs;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-audio-'));
  fake = await startFakeElevenLabs({ apiKey: KEY, voices: ['narrator_it'] });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const config = defaultProjectConfig();

describe('produceAudio offline (draft voice and score)', () => {
  it('mixes the lines over the ducked bed at -14 LUFS, writes subtitles, and a second run does no work', async () => {
    const project = join(dir, 'draft');
    const events: AudioEvent[] = [];
    const backend = audioBackendFor({
      env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const first = await produceAudio({
      timeline: audioTimeline(),
      projectDir: project,
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: (e) => events.push(e),
    });
    expect(first.backend).toBe('draft');
    expect(first.cues.map((c) => [c.cueId, c.cached, c.error])).toEqual([
      ['vo-1', false, null],
      ['vo-2', false, null],
      ['score', false, null],
    ]);
    expect(first.spent).toEqual({ characters: 0, musicSeconds: 0, requests: 0 });
    expect(first.mixFile).not.toBeNull();
    const probed = await probeMedia(first.mixFile ?? '');
    expect(probed.streams[0]).toMatchObject({ codec: 'pcm_s24le', sampleRate: 48000, channels: 2 });
    expect(probed.duration).toBeCloseTo(8, 1);
    expect(Math.abs((first.loudness?.integrated ?? 0) - -14)).toBeLessThanOrEqual(1);
    expect(first.loudness?.truePeak ?? 0).toBeLessThanOrEqual(-1.4);
    const srt = readFileSync(first.srtFile ?? '', 'utf8');
    expect(srt).toMatch(
      /^1\n00:00:00,500 --> 00:00:0\d,\d{3}\nTorino è stata bombardata\.\n\n2\n00:00:04,500 --> /,
    );
    expect(events.map((e) => e.type)).toContain('audio-mixed');

    const again: AudioEvent[] = [];
    const second = await produceAudio({
      timeline: audioTimeline(),
      projectDir: project,
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: (e) => again.push(e),
    });
    expect(second.cues.every((c) => c.cached)).toBe(true);
    expect(second.mixFile).toBe(first.mixFile);
    expect(again.filter((e) => e.type === 'audio-cue-started')).toEqual([]);
    expect(again.find((e) => e.type === 'audio-mixed')).toMatchObject({ cached: true });
  });

  it('normalises to -23 LUFS when asked (broadcast)', async () => {
    const backend = audioBackendFor({
      env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const result = await produceAudio({
      timeline: audioTimeline(),
      projectDir: join(dir, 'draft'),
      config,
      settings: { ...DEFAULT_AUDIO_SETTINGS, loudness: BROADCAST_LOUDNESS },
      backend,
      signal: null,
      onEvent: null,
    });
    expect(result.cues.every((c) => c.cached)).toBe(true);
    expect(Math.abs((result.loudness?.integrated ?? 0) - -23)).toBeLessThanOrEqual(1);
  });
});

describe('produceAudio against the ElevenLabs fake', () => {
  it('stitches the lines, composes the score at the cue length, reports the characters spent; the second run sends nothing', async () => {
    const project = join(dir, 'vendor');
    fake.requests.length = 0;
    const backend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: fake.url, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const first = await produceAudio({
      timeline: audioTimeline({ voice: 'narrator_it' }),
      projectDir: project,
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: null,
    });
    expect(first.backend).toBe('elevenlabs');
    const tts = fake.requests
      .filter((r) => r.path.startsWith('/v1/text-to-speech/'))
      .map((r) => r.body);
    expect(tts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          text: 'Torino è stata bombardata.',
          next_text: 'Le bombe fischiavano.',
          voice_settings: { stability: 0.3, similarity_boost: 0.4, style: 0.5 },
        }),
        expect.objectContaining({
          text: 'Le bombe fischiavano.',
          previous_text: 'Torino è stata bombardata.',
        }),
      ]),
    );
    expect(fake.requests.find((r) => r.path === '/v1/music')?.body).toMatchObject({
      music_length_ms: 8000,
      force_instrumental: true,
    });
    expect(first.spent).toEqual({
      characters: 'Torino è stata bombardata.'.length + 'Le bombe fischiavano.'.length,
      musicSeconds: 8,
      requests: 3,
    });
    expect(Math.abs((first.loudness?.integrated ?? 0) - -14)).toBeLessThanOrEqual(1);
    const sidecar = JSON.parse(
      readFileSync((first.cues[0]?.file ?? '').replace(/\.mp3$/, '.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(sidecar).toMatchObject({
      backend: 'elevenlabs',
      requestId: expect.stringMatching(/^req_/),
      aiGenerated: true,
    });
    expect(JSON.stringify(sidecar)).not.toContain(KEY);
    expect(readFileSync(first.srtFile ?? '', 'utf8')).toContain('Le bombe fischiavano.');

    fake.requests.length = 0;
    const second = await produceAudio({
      timeline: audioTimeline({ voice: 'narrator_it' }),
      projectDir: project,
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: null,
    });
    expect(fake.requests).toEqual([]);
    expect(second.spent).toEqual({ characters: 0, musicSeconds: 0, requests: 0 });
    expect(second.mixFile).toBe(first.mixFile);
  });

  it('a wrong key fails each cue with ELEVENLABS_AUTH, names the problem, never prints the key, and makes no mix', async () => {
    const wrong = 'sk_this_is_the_wrong_key_123456';
    const events: AudioEvent[] = [];
    const backend = audioBackendFor({
      env: { apiKey: wrong, baseUrl: fake.url, voiceId: 'narrator_it', draftVoice: null },
      retry: DEFAULT_RETRY_POLICY,
      onEvent: null,
    });
    const result = await produceAudio({
      timeline: audioTimeline(),
      projectDir: join(dir, 'wrong-key'),
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: (e) => events.push(e),
    });
    expect(result.cues.map((c) => c.error?.code)).toEqual([
      'ELEVENLABS_AUTH',
      'ELEVENLABS_AUTH',
      'ELEVENLABS_AUTH',
    ]);
    expect(result.cues[0]?.error?.message).toMatch(
      /ElevenLabs \(127\.0\.0\.1:\d+\) refused the API key \(check ELEVENLABS_API_KEY\).*HTTP 401 invalid_api_key: Invalid API key/,
    );
    expect(result.mixFile).toBeNull();
    expect(JSON.stringify({ result, events })).not.toContain(wrong);
    // Nothing made: the cache holds only the failure notes (for the service), without the key.
    const cacheDir = join(dir, 'wrong-key', '.libero', 'cache');
    const files = existsSync(cacheDir)
      ? readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())
      : [];
    expect(files.map((f) => f.name.replace(/^[0-9a-f]+/, 'KEY')).sort()).toEqual([
      'KEY.failed.json',
      'KEY.failed.json',
      'KEY.failed.json',
    ]);
    for (const f of files)
      expect(readFileSync(join(f.parentPath, f.name), 'utf8')).not.toContain(wrong);
  });

  it('retries a 429 as the vendor asks (Retry-After), reports it, and the cue succeeds', async () => {
    fake.script.push({
      kind: 'status',
      status: 429,
      body: { detail: { code: 'concurrent_limit_exceeded', message: 'wait' } },
      headers: { 'retry-after': '0' },
    });
    const events: AudioEvent[] = [];
    const backend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: fake.url, voiceId: 'narrator_it', draftVoice: null },
      retry: null,
      onEvent: (e) => events.push(e),
    });
    const result = await produceAudio({
      timeline: audioTimeline({ voice: null, seconds: 6 }),
      projectDir: join(dir, 'retry'),
      config,
      settings: { ...DEFAULT_AUDIO_SETTINGS, concurrency: 1 },
      backend,
      signal: null,
      onEvent: (e) => events.push(e),
    });
    expect(result.cues.map((c) => c.error)).toEqual([null, null, null]);
    expect(events.filter((e) => e.type === 'audio-retry')).toEqual([
      {
        type: 'audio-retry',
        endpoint: 'text-to-speech/narrator_it/with-timestamps',
        attempt: 1,
        status: 429,
        delayMs: 0,
      },
    ]);
    expect(result.spent.requests).toBe(4);
  });

  it('a scratch read goes through speech-to-speech, keyed by its bytes', async () => {
    const project = join(dir, 'scratch');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'scratch.wav'), Buffer.alloc(48_000, 7));
    const timeline = audioTimeline({ voice: 'narrator_it' });
    const vo = timeline.audioTracks()[0]?.children[1] as Clip;
    vo.metadata = {
      libero: {
        voiceover: {
          text: 'Torino è stata bombardata.',
          voice: 'narrator_it',
          scratch: 'scratch.wav',
        },
      },
    };
    const backend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: fake.url, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const run = () =>
      produceAudio({
        timeline,
        projectDir: project,
        config,
        settings: DEFAULT_AUDIO_SETTINGS,
        backend,
        signal: null,
        onEvent: null,
      });
    fake.requests.length = 0;
    await run();
    const sts = fake.requests.filter((r) => r.path.startsWith('/v1/speech-to-speech/'));
    expect(sts.map((r) => r.body)).toEqual([
      {
        audio: { filename: 'scratch.wav', size: 48_000 },
        model_id: 'eleven_multilingual_sts_v2',
        voice_settings: '{"stability":0.3,"similarity_boost":0.4,"style":0.5}',
      },
    ]);
    fake.requests.length = 0;
    await run();
    expect(fake.requests).toEqual([]);
    await writeFile(join(project, 'scratch.wav'), Buffer.alloc(48_000, 9));
    await run();
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/speech-to-speech/narrator_it']);
  });

  it('cancellation rejects with ABORTED', async () => {
    const controller = new AbortController();
    fake.script.push({ kind: 'hang' });
    const backend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: fake.url, voiceId: 'narrator_it', draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const pending = produceAudio({
      timeline: audioTimeline(),
      projectDir: join(dir, 'abort'),
      config,
      settings: { ...DEFAULT_AUDIO_SETTINGS, concurrency: 1 },
      backend,
      signal: controller.signal,
      onEvent: null,
    });
    setTimeout(() => controller.abort(new Error('newer timeline')), 200);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it("a line over the model's character limit fails before anything is sent", async () => {
    const timeline = audioTimeline({ voice: 'narrator_it' });
    const vo = timeline.audioTracks()[0]?.children[1] as Clip;
    vo.metadata = {
      libero: {
        voiceover: { text: 'parola '.repeat(450), voice: 'narrator_it', model: 'eleven_v3' },
      },
    };
    fake.requests.length = 0;
    const backend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: fake.url, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const result = await produceAudio({
      timeline,
      projectDir: join(dir, 'limit'),
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: null,
    });
    expect(result.cues[0]?.error).toEqual({
      code: 'AUDIO_CUE_INVALID',
      message:
        "Voice-over cue clip 'VO 1' on track 'V.O.' has 3149 characters; eleven_v3 takes at most 3000 per request. Split the line over several clips.",
    });
    expect(fake.requests.some((r) => String(r.body['text'] ?? '').length > 3000)).toBe(false);
  });
});

describe("produceAudio keeps the editor's own audio clips", () => {
  it('mixes a clip with media as it is and reports one whose media is missing', async () => {
    const project = join(dir, 'editor-clips');
    await mkdir(project, { recursive: true });
    await runFfmpeg({
      job: {
        inputs: [
          { source: 'sine=frequency=6000:sample_rate=48000:duration=5', options: ['-f', 'lavfi'] },
        ],
        filterComplex: null,
        outputs: [{ target: join(project, 'room-tone.wav'), options: ['-c:a', 'pcm_s16le'] }],
      },
      signal: null,
      onProgress: null,
    });
    const timeline = audioTimeline();
    const fx = new Track({
      name: 'FX',
      kind: TrackKind.Audio,
      children: [
        new Gap({ sourceRange: new TimeRange(new RationalTime(0, 24), new RationalTime(60, 24)) }),
        new Clip({
          name: 'room tone',
          mediaReference: new ExternalReference({ targetUrl: 'room-tone.wav' }),
          sourceRange: new TimeRange(new RationalTime(24, 24), new RationalTime(48, 24)),
        }),
        new Clip({
          name: 'lost',
          mediaReference: new ExternalReference({ targetUrl: 'missing.wav' }),
          sourceRange: new TimeRange(new RationalTime(0, 24), new RationalTime(24, 24)),
        }),
      ],
    });
    timeline.tracks.appendChild(fx);
    const backend = audioBackendFor({
      env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    const result = await produceAudio({
      timeline,
      projectDir: project,
      config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend,
      signal: null,
      onEvent: null,
    });
    expect(result.problems).toEqual([
      {
        source: "clip 'lost' on track 'FX'",
        message: `its media ${join(project, 'missing.wav')} is missing or has no audio; it is left out of the mix`,
      },
    ]);
    const band = async (from: number, to: number): Promise<number> => {
      const { stderr } = await runFfmpeg({
        job: {
          inputs: [
            {
              source: result.mixFile ?? '',
              options: ['-ss', String(from), '-t', String(to - from)],
            },
          ],
          filterComplex: '[0:a]highpass=f=5000,highpass=f=5000,volumedetect[out]',
          outputs: [{ target: '-', options: ['-map', '[out]', '-f', 'null'] }],
        },
        signal: null,
        onProgress: null,
      });
      return Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
    };
    // The tone plays from 2.5 s to 4.5 s on the timeline, and only there.
    expect((await band(2.8, 4.2)) - (await band(5.5, 7.5))).toBeGreaterThan(20);
    expect(Math.abs((result.loudness?.integrated ?? 0) - -14)).toBeLessThanOrEqual(1);
  });
});
