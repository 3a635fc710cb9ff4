import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { writeToString } from '../../src/timeline/index.js';
import { audioTimeline } from '../audio/audio-timeline.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-serve-audio-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the service's audio list (GET /api/project audio[])", () => {
  it('lists the voice-over lines and score cues of a loaded version with their cache status', async () => {
    const engine = createPipelineEngine({
      timelinePath: join(dir, 'cut.otio'),
      generator: createDraftGenerator({}),
      now: () => new Date(),
      audioBackend: audioBackendFor({
        env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
        retry: null,
        onEvent: null,
      }),
    });
    const loaded = await engine.load({
      timelineText: writeToString(audioTimeline()),
      configText: null,
    });
    expect(loaded.audio).toEqual([
      {
        id: 'score',
        kind: 'score',
        text: 'low strings, 1944, slow',
        start: 0,
        duration: 8,
        status: 'missing',
      },
      {
        id: 'vo-1',
        kind: 'voiceover',
        text: 'Torino è stata bombardata.',
        start: 0.5,
        duration: 3,
        status: 'missing',
      },
      {
        id: 'vo-2',
        kind: 'voiceover',
        text: 'Le bombe fischiavano.',
        start: 4.5,
        duration: 3,
        status: 'missing',
      },
    ]);
    // what /api/project sends validates against the contract
    const body = { timeline: null, shots: [], audio: loaded.audio, lastError: null, render: null };
    expect(ProjectResponseSchema.parse(body).audio).toHaveLength(3);
    engine.close();
  });
});
