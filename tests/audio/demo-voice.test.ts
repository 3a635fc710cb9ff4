/**
 * The demo speaks with only a key: its libero.json names the narrator (a premade ElevenLabs
 * voice every account has), so every voice-over line of the trailer is spoken by the (fake)
 * ElevenLabs in that voice and the mix carries each line in its window. A cut whose project
 * names no voice and no ELEVENLABS_VOICE_ID is spoken in DEFAULT_ELEVENLABS_VOICE_ID; a voice
 * the account does not have is refused by the vendor and named in the failure.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ELEVENLABS_VOICE_ID, readAudioCues } from '../../src/audio/index.js';
import { defaultProjectConfig } from '../../src/config/index.js';
import { extractAudio } from '../../src/media/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import {
  cueDefaultsFor,
  DEFAULT_AUDIO_SETTINGS,
  produceAudio,
} from '../../src/pipeline/audio-produce.js';
import { projectTemplatesDir } from '../../src/pipeline/init-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { dominantFrequency, rmsDb } from '../helpers/colour-coded-source.js';
import { PREMADE_VOICES, startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { audioTimeline } from './audio-timeline.js';

const KEY = 'sk_demo_key';
let fake: FakeElevenLabs;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-demo-voice-'));
  fake = await startFakeElevenLabs({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const backend = () =>
  audioBackendFor({
    env: { apiKey: KEY, baseUrl: fake.url, voiceId: null, draftVoice: null },
    retry: null,
    onEvent: null,
  });

describe('the demo trailer with only ELEVENLABS_API_KEY', () => {
  it('speaks every line in the narrator voice its libero.json names; the mix carries each line', async () => {
    const work = join(dir, 'trailer');
    cpSync(join(projectTemplatesDir(), 'trailer'), work, { recursive: true });
    const project = await loadProject(join(work, 'trailer.otio'));
    const narrator = project.config.audio.voice;
    expect(Object.values(PREMADE_VOICES)).toContain(narrator);
    fake.requests.length = 0;
    const result = await produceAudio({
      timeline: project.timeline,
      projectDir: project.dir,
      config: project.config,
      settings: DEFAULT_AUDIO_SETTINGS,
      backend: backend(),
      signal: null,
      onEvent: null,
    });
    expect(result.cues.filter((c) => c.error !== null)).toEqual([]);
    expect(result.cues.filter((c) => c.kind === 'voice')).toHaveLength(7);
    const tts = fake.requests.filter((r) => r.path.startsWith('/v1/text-to-speech/'));
    expect(tts.map((r) => r.path)).toEqual(
      Array.from({ length: 7 }, () => `/v1/text-to-speech/${narrator}/with-timestamps`),
    );

    // The fake speaks a line as a tone of 180 + (characters % 60) Hz for 0.065 s a character;
    // the score is a 110 Hz tone ducked under it. Each line's window must sound its tone.
    const rate = 48_000;
    const mix = await extractAudio({ path: result.mixFile ?? '', sampleRate: rate, signal: null });
    const lines = readAudioCues({
      timeline: project.timeline,
      projectDir: project.dir,
      defaults: cueDefaultsFor(project.config, DEFAULT_AUDIO_SETTINGS.cueDefaults),
    }).voice;
    for (const line of lines) {
      const speech = Math.min(line.duration, line.text.length * 0.065);
      const window = {
        from: Math.round((line.start + 0.2) * rate),
        to: Math.round((line.start + speech - 0.2) * rate),
      };
      expect(rmsDb(mix, window), line.source).toBeGreaterThan(-30);
      expect(dominantFrequency(mix, rate, window), line.source).toBeCloseTo(
        180 + (line.text.length % 60),
        -1,
      );
    }
  }, 180_000);
});

describe('the voice of a line that names none', () => {
  it('is ElevenLabs premade George when neither libero.json nor ELEVENLABS_VOICE_ID names one', async () => {
    expect(Object.values(PREMADE_VOICES)).toContain(DEFAULT_ELEVENLABS_VOICE_ID);
    fake.requests.length = 0;
    const result = await produceAudio({
      timeline: audioTimeline({ voice: null }),
      projectDir: join(dir, 'plain'),
      config: defaultProjectConfig(),
      settings: DEFAULT_AUDIO_SETTINGS,
      backend: backend(),
      signal: null,
      onEvent: null,
    });
    expect(result.cues.map((c) => c.error)).toEqual([null, null, null]);
    const paths = fake.requests.filter((r) => r.path.startsWith('/v1/text-to-speech/'));
    expect(new Set(paths.map((r) => r.path))).toEqual(
      new Set([`/v1/text-to-speech/${DEFAULT_ELEVENLABS_VOICE_ID}/with-timestamps`]),
    );
  }, 60_000);

  it('a voice the account lacks is refused by the vendor (404 voice_not_found), named in the failure', async () => {
    const config = { ...defaultProjectConfig() };
    const result = await produceAudio({
      timeline: audioTimeline({ voice: null }),
      projectDir: join(dir, 'unknown'),
      config: { ...config, audio: { ...config.audio, voice: 'no_such_voice_0000' } },
      settings: DEFAULT_AUDIO_SETTINGS,
      backend: backend(),
      signal: null,
      onEvent: null,
    });
    const failed = result.cues.filter((c) => c.error !== null);
    expect(failed.map((c) => c.kind)).toEqual(['voice', 'voice']);
    for (const cue of failed) {
      expect(cue.error?.code).toBe('ELEVENLABS_REJECTED');
      expect(cue.error?.message).toContain('no_such_voice_0000');
    }
    expect(readFileSync(result.mixFile ?? '').length).toBeGreaterThan(0);
  }, 60_000);
});
