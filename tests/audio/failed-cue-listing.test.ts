/**
 * The service shows failed cues: after a run in which a line failed (the vendor refused its
 * voice), the service's audio list (GET /api/project audio[]) says `failed` with the vendor's
 * message, and once the line is made it is `cached` again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProjectConfig } from '../../src/config/index.js';
import { createDraftGenerator } from '../../src/main.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../../src/pipeline/audio-produce.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { writeToString } from '../../src/timeline/index.js';
import type { Timeline } from '../../src/timeline/index.js';
import { startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { audioTimeline } from './audio-timeline.js';

const KEY = 'sk_listing_key';
let fake: FakeElevenLabs;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-failed-listing-'));
  fake = await startFakeElevenLabs({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const backend = () =>
  audioBackendFor({
    env: { apiKey: KEY, baseUrl: fake.url, voiceId: null, draftVoice: null },
    retry: null,
    onEvent: null,
  });

async function listed(timeline: Timeline) {
  const engine = createPipelineEngine({
    timelinePath: join(dir, 'cut.otio'),
    generator: createDraftGenerator({}),
    now: () => new Date(),
    audioBackend: backend(),
  });
  const loaded = await engine.load({ timelineText: writeToString(timeline), configText: null });
  engine.close();
  const body = { timeline: null, shots: [], audio: loaded.audio, lastError: null, render: null };
  return ProjectResponseSchema.parse(body).audio;
}

describe("a failed cue in the service's audio list", () => {
  it('is failed with the vendor message after the run, cached once it is made', async () => {
    const produce = (timeline: Timeline) =>
      produceAudio({
        timeline,
        projectDir: dir,
        config: defaultProjectConfig(),
        settings: DEFAULT_AUDIO_SETTINGS,
        backend: backend(),
        signal: null,
        onEvent: null,
      });
    const timeline = audioTimeline({ voice: 'voice_not_on_account' });
    expect(fake.voices.has('voice_not_on_account')).toBe(false);
    const run = await produce(timeline);
    expect(run.cues.filter((c) => c.error !== null).map((c) => c.cueId)).toEqual(['vo-1', 'vo-2']);

    const audio = await listed(timeline);
    expect(audio.map((c) => [c.id, c.status])).toEqual([
      ['score', 'cached'],
      ['vo-1', 'failed'],
      ['vo-2', 'failed'],
    ]);
    expect(audio[1]?.error).toEqual({
      code: 'ELEVENLABS_REJECTED',
      message: expect.stringContaining(
        'A voice with the voice_id voice_not_on_account was not found',
      ) as string,
    });

    // The editor adds the voice to the account: the next run makes the lines, the failure is gone.
    fake.voices.add('voice_not_on_account');
    await produce(timeline);
    expect((await listed(timeline)).map((c) => [c.id, c.status, c.error])).toEqual([
      ['score', 'cached', undefined],
      ['vo-1', 'cached', undefined],
      ['vo-2', 'cached', undefined],
    ]);
  }, 120_000);
});
