import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createElevenLabsClient } from '../../src/audio/elevenlabs/elevenlabs-client.js';
import type { ElevenLabsClientOptions } from '../../src/audio/elevenlabs/elevenlabs-client.js';
import { DEFAULT_RETRY_POLICY } from '../../src/audio/elevenlabs/retry-policy.js';
import { DEFAULT_VOICE_SETTINGS } from '../../src/audio/audio-cue.js';
import type { SpeechRequest } from '../../src/audio/elevenlabs/elevenlabs-requests.js';
import { hasCode, isLiberoError } from '../../src/shared/index.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';

const KEY = 'sk_test_4f1c9e0b7a2d4c55b8e1';
let fake: FakeElevenLabs;
let sleeps: number[];

function client(overrides: Partial<ElevenLabsClientOptions> = {}) {
  return createElevenLabsClient({
    apiKey: KEY,
    baseUrl: fake.url,
    retry: DEFAULT_RETRY_POLICY,
    timeoutSeconds: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => Date.parse('2026-11-26T00:00:00Z'),
    random: () => 0.5,
    onRetry: null,
    ...overrides,
  });
}

const line: SpeechRequest = {
  voiceId: 'voice_narrator',
  text: 'Torino è stata bombardata.',
  modelId: 'eleven_multilingual_v2',
  settings: DEFAULT_VOICE_SETTINGS,
  previousText: "In quegli anni c'era la guerra.",
  nextText: 'Io ero tormentato.',
  languageCode: 'it',
  outputFormat: 'mp3_44100_128',
};

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFakeElevenLabs({ apiKey: KEY, voices: ['voice_narrator'] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.script.length = 0;
  sleeps = [];
});

describe('ElevenLabs client against the fake', () => {
  it('sends the production settings, model, stitching text and key in the documented fields', async () => {
    const result = await client().textToSpeech(line, null);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/text-to-speech/voice_narrator/with-timestamps');
    expect(sent?.query).toEqual({ output_format: 'mp3_44100_128' });
    expect(sent?.headers['xi-api-key']).toBe(KEY);
    expect(sent?.body).toEqual({
      text: 'Torino è stata bombardata.',
      model_id: 'eleven_multilingual_v2',
      voice_settings: { stability: 0.3, similarity_boost: 0.4, style: 0.5 },
      previous_text: "In quegli anni c'era la guerra.",
      next_text: 'Io ero tormentato.',
    });
    expect(result.requestId).toBe('req_000001');
    expect(result.characterCost).toBe(line.text.length);
    expect(result.alignment?.characters.join('')).toBe(line.text);
    expect(result.audio.subarray(0, 3).toString('latin1')).toMatch(/^(ID3|\xff)/);
  });

  it('converts a scratch read with speech-to-speech as multipart, settings as a JSON string', async () => {
    await client().speechToSpeech(
      {
        voiceId: 'voice_narrator',
        audio: Buffer.alloc(32_000, 1),
        fileName: 'scratch-01.wav',
        modelId: 'eleven_multilingual_sts_v2',
        settings: DEFAULT_VOICE_SETTINGS,
        outputFormat: 'mp3_44100_128',
      },
      null,
    );
    const [sent] = fake.requests;
    expect(sent?.path).toBe('/v1/speech-to-speech/voice_narrator');
    expect(sent?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(sent?.body).toEqual({
      audio: { filename: 'scratch-01.wav', size: 32_000 },
      model_id: 'eleven_multilingual_sts_v2',
      voice_settings: '{"stability":0.3,"similarity_boost":0.4,"style":0.5}',
    });
  });

  it('asks for music of the exact length, instrumental', async () => {
    const result = await client().composeMusic(
      {
        prompt: 'sparse piano, 1944',
        lengthMs: 12_500,
        instrumental: true,
        modelId: 'music_v1',
        outputFormat: 'mp3_44100_128',
      },
      null,
    );
    expect(fake.requests[0]?.body).toEqual({
      prompt: 'sparse piano, 1944',
      music_length_ms: 12_500,
      model_id: 'music_v1',
      force_instrumental: true,
    });
    expect(fake.requests[0]?.query).toEqual({ output_format: 'mp3_44100_128' });
    expect(result.requestId).toMatch(/^song_/);
  });

  it('honours Retry-After on 429, then backs off exponentially on 5xx, and succeeds', async () => {
    fake.script.push(
      {
        kind: 'status',
        status: 429,
        body: { detail: { code: 'rate_limit_exceeded', message: 'slow down' } },
        headers: { 'retry-after': '7' },
      },
      { kind: 'status', status: 503, body: { detail: { status: 'system_busy', message: 'busy' } } },
      { kind: 'status', status: 500, body: 'oops' },
    );
    const events: (number | null)[] = [];
    const result = await client({ onRetry: (e) => events.push(e.delayMs) }).textToSpeech(
      line,
      null,
    );
    expect(result.attempts).toBe(4);
    expect(fake.requests).toHaveLength(4);
    // Retry-After: exactly 7 s; then 2 s and 4 s (jitter at its midpoint).
    expect(sleeps).toEqual([7000, 2000, 4000]);
    expect(events).toEqual([7000, 2000, 4000]);
  });

  it('gives up after maxRetries with ELEVENLABS_RATE_LIMITED and the vendor message', async () => {
    for (let i = 0; i < 6; i++) {
      fake.script.push({
        kind: 'status',
        status: 429,
        body: {
          detail: {
            status: 'too_many_concurrent_requests',
            message: 'Too many concurrent requests.',
          },
        },
      });
    }
    const error = await failureOf(client().textToSpeech(line, null));
    expect(hasCode(error, 'ELEVENLABS_RATE_LIMITED')).toBe(true);
    expect(error.message).toContain('after 5 attempts');
    expect(error.message).toContain('Too many concurrent requests.');
    expect(fake.requests).toHaveLength(5);
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
  });

  it('does not wait for a Retry-After beyond the cap: fails at once, saying how long', async () => {
    fake.script.push({
      kind: 'status',
      status: 429,
      body: { detail: { code: 'rate_limit_exceeded', message: 'quota window' } },
      headers: { 'retry-after': '3600' },
    });
    const error = await failureOf(client().textToSpeech(line, null));
    expect(hasCode(error, 'ELEVENLABS_RATE_LIMITED')).toBe(true);
    expect(error.message).toContain('asked to wait 3600 s');
    expect(fake.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a wrong key fails at once with ELEVENLABS_AUTH naming the problem, never the key', async () => {
    const error = await failureOf(
      client({ apiKey: 'sk_wrong_key_0123456789' }).textToSpeech(line, null),
    );
    expect(hasCode(error, 'ELEVENLABS_AUTH')).toBe(true);
    expect(error.message).toContain('refused the API key');
    expect(error.message).toContain('ELEVENLABS_API_KEY');
    expect(error.message).toContain('Invalid API key');
    expect(error.message).toContain(new URL(fake.url).host);
    const everything = JSON.stringify({
      m: error.message,
      d: isLiberoError(error) ? error.details : null,
      s: error.stack,
    });
    expect(everything).not.toContain('sk_wrong_key_0123456789');
    expect(fake.requests).toHaveLength(1);
  });

  it('a key echoed by the vendor is redacted', async () => {
    fake.script.push({
      kind: 'status',
      status: 401,
      body: { detail: { status: 'invalid_api_key', message: `Key ${KEY} is not valid` } },
    });
    const error = await failureOf(client().textToSpeech(line, null));
    expect(error.message).toContain('Key *** is not valid');
    expect(error.message).not.toContain(KEY);
  });

  it('quota_exceeded (a 401) fails at once with ELEVENLABS_QUOTA and the vendor message', async () => {
    fake.creditsLeft = 5;
    try {
      const error = await failureOf(client().textToSpeech(line, null));
      expect(hasCode(error, 'ELEVENLABS_QUOTA')).toBe(true);
      expect(error.message).toContain('You have 5 credits remaining');
      expect(fake.requests).toHaveLength(1);
    } finally {
      fake.creditsLeft = 1_000_000;
    }
  });

  it('422 fails at once with ELEVENLABS_REJECTED naming the field', async () => {
    const error = await failureOf(
      client().textToSpeech({ ...line, settings: { ...line.settings, stability: 3 } }, null),
    );
    expect(hasCode(error, 'ELEVENLABS_REJECTED')).toBe(true);
    expect(error.message).toContain('body.voice_settings.stability');
    expect(fake.requests).toHaveLength(1);
  });

  it('a hanging vendor times out, is retried, then fails with ELEVENLABS_UNAVAILABLE', async () => {
    fake.script.push({ kind: 'hang' }, { kind: 'hang' });
    const error = await failureOf(
      client({
        timeoutSeconds: 0.3,
        retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 1 },
      }).textToSpeech(line, null),
    );
    expect(hasCode(error, 'ELEVENLABS_UNAVAILABLE')).toBe(true);
    expect(error.message).toContain('timed out');
    expect(fake.requests).toHaveLength(2);
  });

  it('an abort during the backoff wait ends the call with ABORTED', async () => {
    fake.script.push({
      kind: 'status',
      status: 503,
      body: { detail: { status: 'system_busy', message: 'busy' } },
    });
    const controller = new AbortController();
    const error = await failureOf(
      client({
        sleep: async () => {
          controller.abort(new Error('newer timeline'));
        },
      }).textToSpeech(line, controller.signal),
    );
    expect(hasCode(error, 'ABORTED')).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('an unreachable host is retried, then fails with ELEVENLABS_UNAVAILABLE naming the host', async () => {
    const closed = await startFakeElevenLabs({ apiKey: KEY, voices: ['voice_narrator'] });
    const url = closed.url;
    await closed.close();
    const error = await failureOf(
      client({ baseUrl: url, retry: { ...DEFAULT_RETRY_POLICY, maxRetries: 2 } }).textToSpeech(
        line,
        null,
      ),
    );
    expect(hasCode(error, 'ELEVENLABS_UNAVAILABLE')).toBe(true);
    expect(error.message).toContain(new URL(url).host);
    expect(error.message).toContain('after 3 attempts');
    expect(sleeps).toHaveLength(2);
  });
});
