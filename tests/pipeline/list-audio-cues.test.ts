import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioCache, DEFAULT_CUE_DEFAULTS, readAudioCues } from '../../src/audio/index.js';
import { writeToString } from '../../src/timeline/index.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { produceCue } from '../../src/pipeline/audio-produce-cue.js';
import { listAudioCues } from '../../src/pipeline/list-audio-cues.js';
import { projectFromText } from '../../src/pipeline/project.js';
import { audioTimeline } from '../audio/audio-timeline.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libero-list-cues-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const draft = audioBackendFor({
  env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
  retry: null,
  onEvent: null,
});

describe("listAudioCues (the service's audio list)", () => {
  it('lists the lines and the score in timeline order, and which are cached, producing nothing', async () => {
    const project = projectFromText({
      timelineFile: join(dir, 'cut.otio'),
      timelineText: writeToString(audioTimeline()),
      configText: null,
    });
    const before = await listAudioCues({ project, backend: draft });
    expect(before.cues.map((c) => [c.id, c.kind, c.text, c.start, c.status])).toEqual([
      ['score', 'score', 'low strings, 1944, slow', 0, 'missing'],
      ['vo-1', 'voice', 'Torino è stata bombardata.', 0.5, 'missing'],
      ['vo-2', 'voice', 'Le bombe fischiavano.', 4.5, 'missing'],
    ]);
    expect(before.problems).toEqual([]);

    // Produce the score cue for real (draft bed through ffmpeg), as a render would.
    const score = readAudioCues({
      timeline: project.timeline,
      projectDir: project.dir,
      defaults: DEFAULT_CUE_DEFAULTS,
    }).score[0];
    if (score === undefined) throw new Error('the test timeline lost its score cue');
    const made = await produceCue({
      cue: score,
      backend: draft,
      cache: new AudioCache(project.liberoDir),
      signal: null,
      emit: () => undefined,
    });
    expect(made.outcome.error).toBeNull();

    const after = await listAudioCues({ project, backend: draft });
    expect(after.cues.map((c) => [c.id, c.status, c.file])).toEqual([
      ['score', 'cached', made.outcome.file],
      ['vo-1', 'missing', null],
      ['vo-2', 'missing', null],
    ]);
    // Without a backend nothing can be said about the cache.
    const unknown = await listAudioCues({ project, backend: null });
    expect(unknown.cues.map((c) => c.status)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});
