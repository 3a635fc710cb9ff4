/**
 * Older and newer ComfyUI servers: a server before 0.3.45 makes its own prompt ids (we follow
 * the one it returns instead of waiting for ours until the stall limit); before 0.3.56 its
 * `/interrupt` stops whatever runs, so an artist's prompt is never put at risk; doctor says
 * the version and what it lacks; a malformed third-party node in `/object_info` breaks only
 * the templates that use it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { checkGeneratorHosts } from '../../src/main.js';
import { runDoctor } from '../../src/pipeline/doctor.js';
import { hasCode } from '../../src/shared/index.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, NO_OPTIONS, stageRequest } from './comfy-test-kit.js';

let kit: ComfyKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

const still = async (k: ComfyKit, shotId = 's1') =>
  stageRequest({ shotId, stage: 'still', outputDir: await k.outDir(shotId) });

const slowStill = { loadMs: {}, stillMs: 1_500, videoFrameMs: 0, upscaleFrameMs: {} };

const doctorLine = async (url: string) => {
  const config = parseProjectConfig({
    json: {
      comfyui: { hosts: [url] },
      lora: { name: 'p4rtigiano.safetensors', strengthModel: 0.8, strengthClip: 0.7 },
    },
    file: 'libero.json',
  });
  const checks = await runDoctor(
    {},
    {
      checkHosts: () =>
        checkGeneratorHosts({
          env: {},
          comfyui: null,
          config,
          projectDir: null,
          requestTimeoutMs: 1_000,
        }),
    },
  );
  return checks.find((c) => c.name === `comfyui ${url}`);
};

describe('a server before 0.3.45 (its own prompt ids, untargeted /interrupt)', () => {
  it('follows the prompt id the server returns, well inside the stall limit', async () => {
    kit = await comfyKit(1, { version: '0.3.40' });
    const fake = kit.fakes[0]!;
    const started = Date.now();
    const result = await kit
      .backend({ timing: { stallTimeoutMs: 8_000 } })
      .run(await still(kit), NO_OPTIONS);
    expect(Date.now() - started).toBeLessThan(4_000);
    const [received] = fake.received;
    expect(received!.requestedPromptId).not.toBeNull();
    expect(received!.promptId).not.toBe(received!.requestedPromptId);
    expect(result.provenance['promptIds']).toEqual([received!.promptId]);
  });

  it("never interrupts when an artist's prompt waits behind ours: ours finishes, is discarded", async () => {
    kit = await comfyKit(1, { version: '0.3.40', costs: slowStill });
    const fake = kit.fakes[0]!;
    const controller = new AbortController();
    const mine = kit
      .backend()
      .run(await still(kit), { signal: controller.signal, onProgress: null });
    await vi.waitFor(() => expect(fake.running).not.toBeNull());
    fake.queueForeign(structuredClone(fake.received[0]!.prompt), 'artist-1');
    controller.abort();
    expect(hasCode(await mine.catch((e: unknown) => e), 'ABORTED')).toBe(true);
    // A bare /interrupt here could have hit the artist's prompt the moment ours ended.
    await vi.waitFor(() => expect(fake.stats.completed.map((c) => c.promptId)).toHaveLength(2), {
      timeout: 6_000,
    });
    expect(fake.stats.interrupted).toEqual([]);
    expect(fake.stats.completed.map((c) => c.promptId)).toEqual([
      fake.received[0]!.promptId,
      'artist-1',
    ]);
  });

  it('interrupts ours when nothing else is queued on the host', async () => {
    kit = await comfyKit(1, {
      version: '0.3.40',
      costs: { ...slowStill, stillMs: 4_000 }, // time for the cancel even on a loaded box
    });
    const fake = kit.fakes[0]!;
    const controller = new AbortController();
    const mine = kit
      .backend()
      .run(await still(kit), { signal: controller.signal, onProgress: null });
    await vi.waitFor(() => expect(fake.running).not.toBeNull());
    controller.abort();
    expect(hasCode(await mine.catch((e: unknown) => e), 'ABORTED')).toBe(true);
    await vi.waitFor(() => expect(fake.stats.interrupted).toEqual([fake.received[0]!.promptId]), {
      timeout: 5_000,
    });
  });

  it('doctor reports the version and what it lacks', async () => {
    kit = await comfyKit(1, { version: '0.3.40' });
    const line = await doctorLine(kit.fakes[0]!.url);
    expect(line?.detail).toMatch(
      /^ComfyUI 0\.3\.40 \(lacks client-chosen prompt ids \(ComfyUI >= 0\.3\.45\), targeted \/interrupt \(ComfyUI >= 0\.3\.56\); libero interrupts only when nothing else is queued there, else lets its prompt finish and discards it\) on cuda:0 /,
    );
    expect(line?.ok).toBe(true); // it works, with care
  });
});

describe('/object_info read per template', () => {
  it('a malformed third-party node does not make the host unusable', async () => {
    kit = await comfyKit(1);
    const fake = kit.fakes[0]!;
    fake.objectInfo['SomeonesBrokenNode'] = { input: 'not an object' } as never;
    await kit.backend().run(await still(kit), NO_OPTIONS);
    const line = await doctorLine(fake.url);
    expect(line?.ok).toBe(true);
    expect(line?.detail).toMatch(/^ComfyUI 0\.3\.62 on /);
  });

  it('a malformed node a template uses makes only that template unusable, and says why', async () => {
    kit = await comfyKit(1);
    const fake = kit.fakes[0]!;
    fake.objectInfo['VHS_LoadVideo'] = { input: { required: 5 } } as never;
    await kit.backend().run(await still(kit), NO_OPTIONS);
    const line = await doctorLine(fake.url);
    expect(line?.ok).toBe(false);
    expect(line?.detail).toContain(
      'template upscale-omnisr-hat lacks a readable node class VHS_LoadVideo (its /object_info entry does not parse: input.required:',
    );
    expect(line?.detail).not.toContain('template still-flux-lora lacks');
  });
});
