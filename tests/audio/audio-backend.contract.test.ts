/**
 * The contract of the AudioBackend port, run against every implementation: the offline draft,
 * ElevenLabs against the local fake, and (opt-in, paid) the real ElevenLabs API when
 * ELEVENLABS_CONTRACT_API_KEY and ELEVENLABS_CONTRACT_VOICE_ID are set.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_SETTINGS } from '../../src/audio/index.js';
import type { AudioBackend, ScoreCue, StitchedVoiceCue } from '../../src/audio/index.js';
import { probeMedia } from '../../src/media/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import type { AudioEnv } from '../../src/pipeline/audio-backend-from-env.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';

let dir: string;
let fake: FakeElevenLabs;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-contract-'));
  fake = await startFakeElevenLabs({ apiKey: 'sk_contract', voices: ['narrator_it'] });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const line: StitchedVoiceCue = {
  kind: 'voice',
  id: 'vo-1',
  source: "clip 'VO 1'",
  text: 'Dopo i primi contatti decisi anch’io di fare il mio.',
  voice: null,
  model: 'eleven_multilingual_v2',
  settings: DEFAULT_VOICE_SETTINGS,
  scratch: null,
  language: 'it',
  start: 0,
  duration: 4,
  previousText: null,
  nextText: null,
};
const score: ScoreCue = {
  kind: 'score',
  id: 's',
  source: "clip 'Score'",
  prompt: 'low strings, slow',
  instrumental: true,
  start: 0,
  duration: 4,
};

const realKey = process.env['ELEVENLABS_CONTRACT_API_KEY'];
const realVoice = process.env['ELEVENLABS_CONTRACT_VOICE_ID'];
const implementations: [string, () => AudioEnv, boolean][] = [
  ['draft', () => ({ apiKey: null, baseUrl: null, voiceId: null, draftVoice: null }), true],
  [
    'elevenlabs (fake)',
    () => ({ apiKey: 'sk_contract', baseUrl: fake.url, voiceId: 'narrator_it', draftVoice: null }),
    true,
  ],
  [
    'elevenlabs (real, opt-in)',
    () => ({
      apiKey: realKey ?? null,
      baseUrl: process.env['ELEVENLABS_BASE_URL'] ?? null,
      voiceId: realVoice ?? null,
      draftVoice: null,
    }),
    realKey !== undefined && realVoice !== undefined,
  ],
];

async function seconds(backend: AudioBackend, bytes: Buffer, name: string): Promise<number> {
  const file = join(dir, `${name}.${backend.ext}`);
  await writeFile(file, bytes);
  return (await probeMedia(file)).duration ?? 0;
}

describe.each(implementations)('AudioBackend contract: %s', (name, env, enabled) => {
  const backend = (): AudioBackend => audioBackendFor({ env: env(), retry: null, onEvent: null });

  it.runIf(enabled)(
    'speaks a line to decodable audio, with timings of the text when it has any',
    async () => {
      const b = backend();
      const made = await b.speak(line, null);
      expect(await seconds(b, made.bytes, `${name}-line`)).toBeGreaterThan(1);
      if (made.alignment !== null) expect(made.alignment.characters.join('')).toBe(line.text);
      if (b.name === 'draft') expect(made.characters).toBe(0);
      else expect(made.characters).toBeGreaterThan(0);
    },
  );

  it.runIf(enabled)('composes a score cue at least as long as the cue', async () => {
    const b = backend();
    const made = await b.compose(score, null);
    expect(await seconds(b, made.bytes, `${name}-score`)).toBeGreaterThanOrEqual(
      score.duration - 0.1,
    );
  });

  it.runIf(enabled)('keys depend on what changes the audio and on nothing else', () => {
    const b = backend();
    expect(b.voiceKey(line, null)).toEqual(b.voiceKey({ ...line, start: 30, id: 'moved' }, null));
    expect(b.voiceKey(line, null)).not.toEqual(b.voiceKey({ ...line, text: 'Altro testo.' }, null));
    expect(b.scoreKey(score)).toEqual(b.scoreKey({ ...score, start: 12 }));
    expect(b.scoreKey(score)).not.toEqual(b.scoreKey({ ...score, duration: 9 }));
  });
});
