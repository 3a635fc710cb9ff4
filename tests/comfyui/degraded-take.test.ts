/**
 * A failed stage still gives the editor a shot: when the upscale fails for good on every host,
 * the take is the video scaled to the delivery size, marked `metadata.libero.degraded` in the
 * conformed timeline, the summary and the events; the conformed timeline is written all the
 * same; the next run upscales and makes the real take.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/main.js';
import { probeMedia } from '../../src/media/index.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject } from '../../src/pipeline/project.js';
import { writeToString } from '../../src/timeline/index.js';
import { FakeComfyUI, OBJECT_INFO } from '../fakes/comfyui/fake-comfyui.js';
import { buildTimeline } from '../shots/build-timeline.js';
import { TINY } from './comfy-test-kit.js';

let dir = '';
let fakes: FakeComfyUI[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-degraded-'));
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({ stillWidth: 128, stillHeight: 64, upscaleFactor: 4 }),
  );
  const cut = buildTimeline([
    { name: 'sc01', frames: 12, libero: { prompt: 'Italy, 1944, a street' } },
  ]);
  writeFileSync(join(dir, 'cut.otio'), writeToString(cut) + '\n');
  // Neither host has the upscalers: the upscale fails for good everywhere.
  fakes = await Promise.all(
    [0, 1].map(() =>
      new FakeComfyUI({
        ...TINY,
        mediaScale: 0.5,
        modelFolders: { upscale_models: ['4x-UltraSharp.pth'] },
      }).start(),
    ),
  );
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

const generate = async (events: PipelineEvent[], shotIds: string[] | null = null) => {
  const generator = createGenerator({ env: {}, comfyui: fakes.map((f) => f.url).join(',') });
  try {
    return await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator,
      shotIds,
      state: null,
      signal: null,
      onEvent: (e) => events.push(e),
      now: () => new Date(),
    });
  } finally {
    generator.close?.();
  }
};

const clipOf = () => {
  const conformed = JSON.parse(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8')) as {
    tracks: { children: Array<{ children: Array<Record<string, unknown>> }> };
  };
  return conformed.tracks.children[0]!.children.find((c) => c['name'] === 'sc01') as {
    metadata: { libero: Record<string, unknown> };
    media_references: Record<
      string,
      { target_url: string; metadata: { libero: Record<string, unknown> } }
    >;
    active_media_reference_key: string;
  };
};

describe('an upscale that fails on every host', () => {
  it('gives the editor the video at the delivery size, marked degraded, and writes the timeline', async () => {
    const events: PipelineEvent[] = [];
    const result = await generate(events);
    const [shot] = result.shots;
    expect([shot?.status, shot?.activeTake]).toEqual(['failed', 'take-001']);
    expect(shot?.degraded).toMatch(/^not upscaled: .*lacks .*1xDeJPG_OmniSR/);
    const event = events.find((e) => e.type === 'shot-degraded');
    expect(event).toMatchObject({ shotId: 'sc01', reason: shot?.degraded });

    const clip = clipOf();
    expect(clip.active_media_reference_key).toBe('take-001');
    expect(clip.metadata.libero['degraded']).toBe(shot?.degraded);
    const take = clip.media_references['take-001']!;
    expect(take.metadata.libero['degraded']).toBe(shot?.degraded);
    const media = (await probeMedia(take.target_url)).streams[0]!;
    // the delivery size (128x64 x4), at the take's 12 fps though CogVideoX made 16
    expect([media.width, media.height, media.frameRate]).toEqual([512, 256, { num: 12, den: 1 }]);
  });

  it('keeps the stand-in in the cut when a later run leaves the shot alone (a conform)', async () => {
    // The service conforms after every shot with no shots to run: the stand-in must stay.
    const result = await generate([], []);
    expect(result.ran).toBe(0);
    const [shot] = result.shots;
    expect([shot?.activeTake, shot?.degraded]).toEqual([
      'take-001',
      expect.stringMatching(/^not upscaled: /),
    ]);
    const clip = clipOf();
    expect(clip.active_media_reference_key).toBe('take-001');
    expect(clip.media_references['take-001']!.metadata.libero['degraded']).toBe(shot?.degraded);
  });

  it('the next run upscales it and makes the real take', async () => {
    for (const fake of fakes) fake.objectInfo = structuredClone(OBJECT_INFO);
    const events: PipelineEvent[] = [];
    const result = await generate(events);
    const [shot] = result.shots;
    expect([shot?.status, shot?.activeTake, shot?.degraded]).toEqual([
      'generated',
      'take-001',
      null,
    ]);
    // still and video came from the cache: only the upscale ran
    expect(result.ran).toBe(1);
    const clip = clipOf();
    expect(clip.metadata.libero['degraded']).toBeUndefined();
    expect(clip.media_references['take-001']!.metadata.libero['degraded']).toBeUndefined();
  });
});
