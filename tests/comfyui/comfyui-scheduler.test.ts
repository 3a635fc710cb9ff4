/**
 * The host-aware pool against fake hosts: stage-major batching (one load per model family),
 * the editor's shot first, two hosts sharing the work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, runChains } from './comfy-test-kit.js';

let kit: ComfyKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const shots = ['s1', 's2', 's3'].map((shotId) => ({ shotId, frames: 17, trim: null }));
const LOADERS = new Set([
  'flux1-dev.safetensors',
  'CogVideoX_1_5_5b_I2V_bf16.safetensors',
  '4xNomos8kHAT-L_otf.pth',
]);

describe('HostPool with ComfyUI hosts', () => {
  it('batches stage-major on one host: each model family loaded once for three shots', async () => {
    kit = await comfyKit(1);
    const k = kit;
    await runChains({ pool: k.backend(), shots, outDir: (n) => k.outDir(n) });
    const fake = k.fakes[0]!;
    expect(fake.stats.loads.filter((m) => LOADERS.has(m))).toEqual([...LOADERS]);
    const classes = fake.received.map((r) =>
      Object.values(r.prompt).some((n) => n.class_type === 'SaveImage')
        ? 'still'
        : Object.values(r.prompt).some((n) => n.class_type === 'CogVideoSampler')
          ? 'video'
          : 'upscale',
    );
    expect(classes).toEqual([
      'still',
      'still',
      'still',
      'video',
      'video',
      'video',
      'upscale',
      'upscale',
      'upscale',
    ]);
  });

  it("runs the editor's shot first and back to back", async () => {
    kit = await comfyKit(1);
    const k = kit;
    const pool = k.backend();
    pool.prioritize(['s3']);
    const done = await runChains({ pool, shots, outDir: (n) => k.outDir(n) });
    const order = [...done].sort((a, b) => a.doneMs - b.doneMs).map((d) => d.shotId);
    expect(order[0]).toBe('s3');
    const started = k.events
      .filter((e) => e.type === 'stage-started')
      .map((e) => `${e.shotId}:${e.stage}`);
    expect(started.slice(0, 3)).toEqual(['s3:still', 's3:video', 's3:upscale']);
  });

  it('shares the shots between two hosts and each keeps its model loaded', async () => {
    kit = await comfyKit(2);
    const k = kit;
    const four = ['a', 'b', 'c', 'd'].map((shotId) => ({ shotId, frames: 17, trim: null }));
    await runChains({ pool: k.backend(), shots: four, outDir: (n) => k.outDir(n) });
    for (const fake of k.fakes) {
      expect(fake.received.length).toBeGreaterThanOrEqual(4);
      expect(fake.stats.loads.filter((m) => LOADERS.has(m))).toEqual([...LOADERS]);
    }
  });

  it('finishes every shot when a host dies in the middle of the batch', async () => {
    kit = await comfyKit(2);
    const k = kit;
    k.fakes[0]!.faults.dieAt = { classType: 'CogVideoSampler', downMs: null };
    const done = await runChains({ pool: k.backend(), shots, outDir: (n) => k.outDir(n) });
    expect(done.map((d) => d.shotId).sort()).toEqual(['s1', 's2', 's3']);
    expect(k.events).toContainEqual(
      expect.objectContaining({ type: 'host-down', host: k.fakes[0]!.url }),
    );
  });
});
