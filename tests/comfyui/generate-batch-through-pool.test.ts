/**
 * The generate use-case over the composition root's ComfyUI generator on one fake host, with
 * hosts and handles from libero.json: a trailer-like cut is handed to the pool whole, so each
 * model is loaded once (stage-major), and the upscale works only on the frames the cut uses
 * plus the handles, for the GPU chain and the draft alike.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftBackend, findDraftFonts } from '../../src/generators/draft/draft-backend.js';
import { probeMedia } from '../../src/media/index.js';
import { createDraftGenerator, createGenerator, readGeneratorConfig } from '../../src/main.js';
import type { Generator } from '../../src/pipeline/generate-project.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { writeToString } from '../../src/timeline/index.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { buildTimeline } from '../shots/build-timeline.js';
import { TINY } from './comfy-test-kit.js';

const HANDLES = 2;

// Trailer-like: four shots, three seed groups, one with a camera move; at 24 fps.
const CUT = [
  { name: 'sc01', frames: 24, libero: { prompt: 'Italy, 1944, a street', seed_group: 'city' } },
  {
    name: 'sc02',
    frames: 36, // 18 frames at 12 fps; CogVideoX makes 33
    libero: { prompt: 'Italy, 1941, a bed', seed_group: 'partisan', motion: 'slow push in' },
  },
  { name: 'sc03', frames: 20, libero: { prompt: 'Italy, 1944, a letter', seed_group: 'city' } },
  { name: 'sc04', frames: 30, libero: { prompt: 'Italy, 1944, hills', seed_group: 'partisan' } },
];

let root = '';
let fake: FakeComfyUI | null = null;

function project(name: string, hosts: readonly string[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({
      stillWidth: 128,
      stillHeight: 64,
      lora: { name: 'p4rtigiano.safetensors', strengthModel: 0.8, strengthClip: 0.7 },
      seedGroups: { partisan: 184229719894473, city: 927715408442632 },
      comfyui: { hosts, handles: HANDLES },
    }),
  );
  writeFileSync(join(dir, 'cut.otio'), writeToString(buildTimeline(CUT)) + '\n');
  return join(dir, 'cut.otio');
}

async function generate(timeline: string, generator: Generator) {
  try {
    return await generateProject({
      project: await loadProject(timeline),
      generator,
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
  } finally {
    generator.close?.();
  }
}

async function frames(file: string): Promise<number | null> {
  const video = (await probeMedia(file)).streams.find((s) => s.kind === 'video');
  return video?.frameCount ?? null;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'libero-comfy-batch-'));
});

afterAll(async () => {
  await fake?.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('generate through the pool (hosts from libero.json)', () => {
  it('hands the pool every shot: each model is loaded once; only used frames + handles are upscaled', async () => {
    fake = await new FakeComfyUI({ ...TINY, mediaScale: 0.25 }).start();
    const timeline = project('whole', [fake.url]);
    const config = await readGeneratorConfig(timeline);
    const generator = createGenerator({ env: {}, comfyui: null, config, projectDir: null });
    expect(generator.backend.name).toBe('comfyui');
    expect(generator.concurrency).toBeGreaterThanOrEqual(CUT.length);
    const result = await generate(timeline, generator);
    expect(result.shots.map((s) => s.status)).toEqual(CUT.map(() => 'generated'));

    const loads = fake.stats.loads;
    expect(loads.length).toBeGreaterThan(0);
    expect(loads).toEqual([...new Set(loads)]); // no model loaded twice

    // sc02: the cut uses 18 frames of a 33-frame clip: 18 + 2 handles are upscaled, 13 never.
    const upscales = fake.received.filter((r) =>
      Object.values(r.prompt).some((n) => n.class_type === 'ImageUpscaleWithModel'),
    );
    expect(upscales.length).toBeGreaterThanOrEqual(CUT.length);
    const out = join(root, 'whole', 'out', 'shots');
    expect(await frames(join(out, 'sc02', 'take-001.mp4'))).toBe(18 + HANDLES);
    expect(await frames(join(out, 'sc01', 'take-001.mp4'))).toBe(12 + HANDLES);
    expect(await frames(join(out, 'sc04', 'take-001.mp4'))).toBe(17); // 15 + 2 clamped to 17
  });

  it('with 2 shots in flight the same cut loads models again (what handing all avoids)', async () => {
    const narrowFake = await new FakeComfyUI({ ...TINY, mediaScale: 0.25 }).start();
    try {
      const timeline = project('narrow', [narrowFake.url]);
      const config = await readGeneratorConfig(timeline);
      const generator = createGenerator({ env: {}, comfyui: null, config, projectDir: null });
      const result = await generate(timeline, { ...generator, concurrency: 2 });
      expect(result.shots.every((s) => s.status === 'generated')).toBe(true);
      const loads = narrowFake.stats.loads;
      expect(loads.length).toBeGreaterThan(new Set(loads).size);
    } finally {
      await narrowFake.dispose();
    }
  });

  it('the draft backend upscales the same window of its input', async () => {
    // The draft's clips are exactly as long as asked, so in a project the window is the whole
    // clip; given a longer clip it keeps the used range + handles like the GPU chain.
    const dir = join(root, 'draft');
    mkdirSync(join(dir, 'video'), { recursive: true });
    mkdirSync(join(dir, 'upscale'), { recursive: true });
    const draft = new DraftBackend({ fonts: findDraftFonts(process.env), now: () => new Date() });
    const base = { shotId: 'd1', template: 'draft', key: 'k' };
    const video = await draft.run(
      {
        ...base,
        stage: 'video',
        params: { fps: 12, frames: 30, width: 64, height: 36, motion: '' },
        inputs: { image: await stillFor(draft, dir) },
        outputDir: join(dir, 'video'),
      },
      { signal: null, onProgress: null },
    );
    const upscale = await draft.run(
      {
        ...base,
        stage: 'upscale',
        params: { fps: 12, width: 128, height: 72, trimStart: 6, trimFrames: 10, handles: 3 },
        inputs: { video: video.file },
        outputDir: join(dir, 'upscale'),
      },
      { signal: null, onProgress: null },
    );
    expect(await frames(video.file)).toBe(30);
    expect(await frames(upscale.file)).toBe(3 + 10 + 3); // frames 3..18 of 30
  });

  it('names the shots a generate asks for to the backend, first', async () => {
    const timeline = project('priority', []);
    const asked: string[][] = [];
    const draft = createDraftGenerator(process.env);
    const generator: Generator = { ...draft, prioritize: (ids) => asked.push([...ids]) };
    await generateProject({
      project: await loadProject(timeline),
      generator,
      shotIds: ['sc03'],
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    expect(asked).toEqual([['sc03']]);
    await generate(timeline, generator); // a whole batch: nobody's shot goes first
    expect(asked).toEqual([['sc03']]);
  });
});

async function stillFor(draft: DraftBackend, dir: string): Promise<string> {
  const outputDir = join(dir, 'still');
  mkdirSync(outputDir, { recursive: true });
  const still = await draft.run(
    {
      shotId: 'd1',
      stage: 'still',
      template: 'draft',
      key: 'k',
      params: { prompt: 'p', seed: 1, width: 64, height: 36, label: 'd1', scene: '' },
      inputs: {},
      outputDir,
    },
    { signal: null, onProgress: null },
  );
  return still.file;
}
