/**
 * The generate use-case through ComfyUI: the composition root's generator for `--comfyui`
 * URLs, two fake hosts, a small cut. Every missing shot goes through the hosts with the
 * project's values, and comes back as a take at x4.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { createGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { writeToString } from '../../src/timeline/index.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { buildTimeline } from '../shots/build-timeline.js';
import { TINY } from './comfy-test-kit.js';

const CONFIG = {
  stillWidth: 128,
  stillHeight: 64,
  generatedFps: 12,
  upscaleFactor: 4,
  lora: { name: 'p4rtigiano.safetensors', strengthModel: 0.8, strengthClip: 0.7 },
  seedGroups: { partisan: 184229719894473, city: 927715408442632 },
};

let dir = '';
let fakes: FakeComfyUI[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-comfy-generate-'));
  writeFileSync(join(dir, 'libero.json'), JSON.stringify(CONFIG));
  const cut = buildTimeline([
    { name: 'sc01', frames: 12, libero: { prompt: 'Italy, 1944, a street', seed_group: 'city' } },
    {
      name: 'sc03',
      frames: 12,
      libero: { prompt: 'Italy, 1941, a bed', seed_group: 'partisan', motion: 'slow push in' },
    },
  ]);
  writeFileSync(join(dir, 'cut.otio'), writeToString(cut) + '\n');
  fakes = await Promise.all(
    [0, 1].map(() => new FakeComfyUI({ ...TINY, mediaScale: 0.5 }).start()),
  );
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('generate --comfyui', () => {
  it('generates every missing shot through the hosts', async () => {
    const generator = createGenerator({ env: {}, comfyui: fakes.map((f) => f.url).join(',') });
    try {
      const result = await generateProject({
        project: await loadProject(join(dir, 'cut.otio')),
        generator,
        shotIds: null,
        state: null,
        signal: null,
        onEvent: null,
        now: () => new Date(),
      });
      expect(result.shots.map((s) => [s.shotId, s.status, s.activeTake])).toEqual([
        ['sc01', 'generated', 'take-001'],
        ['sc03', 'generated', 'take-001'],
      ]);
    } finally {
      generator.close?.();
    }
    const received = fakes.flatMap((f) => f.received.map((r) => r.prompt));
    const seeds = received.flatMap((p) =>
      Object.values(p).flatMap((n) =>
        n.class_type === 'RandomNoise' ? [n.inputs?.['noise_seed']] : [],
      ),
    );
    expect(seeds.sort()).toEqual([184229719894473, 927715408442632].sort());
    const lora = received.flatMap((p) =>
      Object.values(p).filter((n) => n.class_type === 'LoraLoader'),
    );
    expect(lora.map((n) => [n.inputs?.['strength_model'], n.inputs?.['strength_clip']])).toEqual([
      [0.8, 0.7],
      [0.8, 0.7],
    ]);
    const take = await probeMedia(join(dir, 'out', 'shots', 'sc03', 'take-001.mp4'));
    const video = take.streams.find((s) => s.kind === 'video');
    expect([video?.width, video?.height]).toEqual([256, 128]); // 128x64 asked, x0.5 by the fake, x4
    expect(video?.frameRate).toEqual({ num: 12, den: 1 });
  });
});
