/**
 * Every failure the issue lists, against real fake hosts: what is never queued, what is
 * retried where, what fails with the host's message, and that only our prompts are stopped.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { comfyTimingFrom } from '../../src/main.js';
import { hasCode } from '../../src/shared/index.js';
import { OBJECT_INFO } from '../fakes/comfyui/fake-comfyui.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, NO_OPTIONS, stageRequest } from './comfy-test-kit.js';

let kit: ComfyKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

async function stillRequest(k: ComfyKit, shotId = 's1') {
  return stageRequest({ shotId, stage: 'still', outputDir: await k.outDir(shotId) });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('before queuing', () => {
  it('fails with the list of missing node classes and models, and never queues', async () => {
    const objectInfo = structuredClone(OBJECT_INFO);
    delete objectInfo['CogVideoSampler'];
    delete objectInfo['CogVideoDecode'];
    (objectInfo['CogVideoXModelLoader']!.input.required!['model']![0] as string[]).splice(0);
    kit = await comfyKit(1, { objectInfo });
    const backend = kit.backend();
    const still = await backend.run(await stillRequest(kit), NO_OPTIONS);
    const error = await rejection(
      backend.run(
        stageRequest({
          shotId: 's1',
          stage: 'video',
          outputDir: await kit.outDir('v'),
          inputs: { image: still.file },
        }),
        NO_OPTIONS,
      ),
    );
    expect(hasCode(error, 'COMFY_MISSING_NODES')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(
      'node class CogVideoSampler (install kijai/ComfyUI-CogVideoXWrapper)',
    );
    expect(message).toContain('node class CogVideoDecode');
    expect(message).toContain(
      'model file "CogVideoX_1_5_5b_I2V_bf16.safetensors" for CogVideoXModelLoader.model (a file named CogVideoX_1_5_5b_I2V_bf16 with any of .safetensors .pth .pt .ckpt .sft .gguf; put it in models/diffusion_models)',
    );
    expect(kit.fakes[0]!.received).toHaveLength(1); // only the still
  });

  it('sends the stage to the host that has the LoRA when another lacks it', async () => {
    kit = await comfyKit(2);
    const [bare, full] = kit.fakes;
    bare!.objectInfo['LoraLoader']!.input.required!['lora_name'] = [[]];
    const backend = kit.backend();
    const result = await backend.run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(full!.url);
    expect(bare!.received).toHaveLength(0);
  });

  it('names each shot in its own refusal when no host has the LoRA', async () => {
    kit = await comfyKit(2);
    for (const fake of kit.fakes)
      fake.objectInfo['LoraLoader']!.input.required!['lora_name'] = [[]];
    const backend = kit.backend();
    // Three stills at once: the first refusal marks the template as lacking on every host, and
    // the stages still waiting fail with it, told for their own shot.
    const errors = await Promise.all(
      ['s1', 's2', 's3'].map(async (shot) =>
        rejection(backend.run(await stillRequest(kit!, shot), NO_OPTIONS)),
      ),
    );
    for (const [i, error] of errors.entries()) {
      const shot = `s${i + 1}`;
      expect(hasCode(error, 'COMFY_MISSING_NODES')).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(`cannot run template "still-flux-lora" for shot ${shot}: it lacks`),
      );
      expect((error as { details: Record<string, unknown> }).details['shotId']).toBe(shot);
    }
    expect(kit.fakes.every((f) => f.received.length === 0)).toBe(true);
  });

  it('fails a workflow the host refuses (400 node_errors) with node and input named, not retried', async () => {
    const objectInfo = structuredClone(OBJECT_INFO);
    (objectInfo['FluxGuidance']!.input.required!['guidance']![1] as { max: number }).max = 2;
    kit = await comfyKit(2, { objectInfo });
    const error = await rejection(kit.backend().run(await stillRequest(kit), NO_OPTIONS));
    expect(hasCode(error, 'COMFY_PROMPT_REJECTED')).toBe(true);
    expect((error as Error).message).toMatch(
      /node 6 \(FluxGuidance\): Value 3.5 bigger than max of 2: guidance/,
    );
    expect(kit.events.filter((e) => e.type === 'stage-started')).toHaveLength(1);
  });
});

describe('while running', () => {
  it('moves a stage that ran out of GPU memory to another host', async () => {
    kit = await comfyKit(2);
    for (const fake of kit.fakes) {
      fake.faults.failNode = {
        classType: 'SamplerCustomAdvanced',
        exceptionType: 'torch.OutOfMemoryError',
        message: 'CUDA out of memory. Tried to allocate 2.00 GiB',
      };
    }
    const backend = kit.backend();
    // Both hosts fail once; the third try (back on the first host) succeeds.
    const result = await backend.run(await stillRequest(kit), NO_OPTIONS);
    expect(kit.fakes.map((f) => f.received.length).reduce((a, b) => a + b)).toBe(3);
    expect(kit.events.filter((e) => e.type === 'stage-moved')).toHaveLength(2);
    expect(result.file).toMatch(/still\.png$/);
  });

  it('fails with the host message on an execution error that another host would repeat', async () => {
    kit = await comfyKit(2);
    kit.fakes[0]!.faults.failNode = {
      classType: 'VAEDecode',
      exceptionType: 'RuntimeError',
      message: 'shape mismatch',
    };
    kit.fakes[1]!.faults.failNode = {
      classType: 'VAEDecode',
      exceptionType: 'RuntimeError',
      message: 'shape mismatch',
    };
    const error = await rejection(kit.backend().run(await stillRequest(kit), NO_OPTIONS));
    expect(hasCode(error, 'COMFY_EXECUTION_FAILED')).toBe(true);
    expect((error as Error).message).toContain(
      'failed in node 14 (VAEDecode): RuntimeError: shape mismatch',
    );
    expect((error as Error).message).toContain('127.0.0.1');
  });

  it('retries an HTTP 5xx on an idempotent request', async () => {
    kit = await comfyKit(1);
    kit.fakes[0]!.faults.http.push({ path: '/object_info', status: 502, times: 1 });
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(kit.fakes[0]!.url);
  });

  it('queues again after a 5xx on POST /prompt (not retried blindly: the queue is checked first)', async () => {
    kit = await comfyKit(1);
    kit.fakes[0]!.faults.http.push({ path: '/prompt', status: 503, times: 1 });
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(kit.fakes[0]!.url);
    expect(kit.fakes[0]!.received).toHaveLength(1); // the 503 queued nothing; one run
    expect(kit.events.map((e) => e.type)).toEqual([
      'stage-started',
      'host-down',
      'stage-moved',
      'host-up',
      'stage-started',
    ]);
  });

  it('finishes through /history when the socket drops mid-run', async () => {
    kit = await comfyKit(1);
    kit.fakes[0]!.faults.dropSocketAt = 'SamplerCustomAdvanced';
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(kit.fakes[0]!.url);
    expect(kit.fakes[0]!.received).toHaveLength(1); // not queued twice
  });

  it('moves the stage when a host dies mid-run and does not come back', async () => {
    kit = await comfyKit(2);
    const [dying, other] = kit.fakes;
    dying!.faults.dieAt = { classType: 'SamplerCustomAdvanced', downMs: null };
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(other!.url);
    expect(kit.events).toContainEqual(
      expect.objectContaining({ type: 'host-down', host: dying!.url }),
    );
  });

  it('reruns the stage when the only host restarts mid-run and loses the prompt', async () => {
    kit = await comfyKit(1);
    kit.fakes[0]!.faults.dieAt = { classType: 'SamplerCustomAdvanced', downMs: 200 };
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(kit.fakes[0]!.url);
    expect(kit.fakes[0]!.received).toHaveLength(2);
    expect(kit.events.map((e) => e.type)).toEqual([
      'stage-started',
      'host-down',
      'stage-moved',
      'host-up',
      'stage-started',
    ]);
  });

  it('detects a hung host, interrupts only its own prompt there, and moves the work', async () => {
    kit = await comfyKit(2);
    const [hung, healthy] = kit.fakes;
    hung!.faults.hangAt = 'SamplerCustomAdvanced';
    // The stall limit must exceed the longest silent node of a healthy host (writing media here).
    const pool = kit.backend({ timing: { stallTimeoutMs: 3_000 } });
    const result = await pool.run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(healthy!.url);
    expect(hung!.stats.interrupted).toEqual([hung!.received[0]!.promptId]);
  });

  it('gives up with COMFY_NO_HOST when every host is gone', async () => {
    kit = await comfyKit(1);
    await kit.fakes[0]!.stop();
    const error = await rejection(kit.backend().run(await stillRequest(kit), NO_OPTIONS));
    expect(hasCode(error, 'COMFY_NO_HOST')).toBe(true);
    expect((error as Error).message).toContain(kit.fakes[0]!.url);
  });

  it('stops a stage that runs past its time limit', async () => {
    kit = await comfyKit(1, {
      costs: { loadMs: {}, stillMs: 5_000, videoFrameMs: 0, upscaleFrameMs: {} },
    });
    const error = await rejection(
      kit
        .backend({ timing: { stageTimeoutMs: 300, maxAttempts: 1 } })
        .run(await stillRequest(kit), NO_OPTIONS),
    );
    expect(hasCode(error, 'COMFY_TIMEOUT')).toBe(true);
    const fake = kit.fakes[0]!;
    await vi.waitFor(() => expect(fake.stats.interrupted).toEqual([fake.received[0]!.promptId]));
  });
});

describe('per-stage time limits (libero.json comfyui.timeouts)', () => {
  it('stops a still past the still limit while the general limit is far off', async () => {
    kit = await comfyKit(1, {
      costs: { loadMs: {}, stillMs: 5_000, videoFrameMs: 0, upscaleFrameMs: {} },
    });
    const config = parseProjectConfig({
      json: { comfyui: { timeouts: { still: 0.3, video: 100, upscale: 100 } } },
      file: 'libero.json',
    });
    const timing = comfyTimingFrom(config);
    expect(timing.stageTimeoutMsByStage).toEqual({ still: 300, video: 100_000, upscale: 100_000 });
    const error = await rejection(
      kit
        .backend({ timing: { ...timing, stallTimeoutMs: 10_000, maxAttempts: 1 } })
        .run(await stillRequest(kit), NO_OPTIONS),
    );
    expect(hasCode(error, 'COMFY_TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain('limit of 0.3 s');
    const fake = kit.fakes[0]!;
    await vi.waitFor(() => expect(fake.stats.interrupted).toEqual([fake.received[0]!.promptId]));
  });
});

describe('older servers', () => {
  it('falls back to the routes without /api', async () => {
    kit = await comfyKit(1, { bareRoutesOnly: true });
    const result = await kit.backend().run(await stillRequest(kit), NO_OPTIONS);
    expect(result.host).toBe(kit.fakes[0]!.url);
  });
});

describe('cancel', () => {
  it('interrupts our running prompt and nothing else', async () => {
    kit = await comfyKit(1, {
      costs: { loadMs: {}, stillMs: 5_000, videoFrameMs: 0, upscaleFrameMs: {} },
    });
    const controller = new AbortController();
    const running = kit
      .backend()
      .run(await stillRequest(kit), { signal: controller.signal, onProgress: null });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    expect(hasCode(await rejection(running), 'ABORTED')).toBe(true);
    const fake = kit.fakes[0]!;
    await vi.waitFor(() => expect(fake.stats.interrupted).toEqual([fake.received[0]!.promptId]));
  });

  it("deletes our pending prompt from the queue and leaves an artist's running prompt alone", async () => {
    kit = await comfyKit(1, {
      costs: { loadMs: {}, stillMs: 1_500, videoFrameMs: 0, upscaleFrameMs: {} },
    });
    const fake = kit.fakes[0]!;
    const controller = new AbortController();
    const first = kit.backend().run(await stillRequest(kit, 'mine'), NO_OPTIONS);
    await new Promise((r) => setTimeout(r, 100));
    // The artist's prompt (by hand in the ComfyUI page) is now running; ours waits behind it.
    const artistPrompt = structuredClone(fake.received[0]!.prompt);
    fake.pending.unshift({
      number: 99,
      promptId: 'artist-1',
      prompt: artistPrompt,
      clientId: 'artist',
    });
    await first;
    const mine = kit
      .backend()
      .run(await stillRequest(kit, 'mine2'), { signal: controller.signal, onProgress: null });
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.running?.promptId).toBe('artist-1');
    expect(fake.pending.map((p) => p.clientId?.startsWith('libero-'))).toEqual([true]);
    controller.abort();
    expect(hasCode(await rejection(mine), 'ABORTED')).toBe(true);
    expect(fake.pending).toHaveLength(0);
    expect(fake.stats.interrupted).toEqual([]);
    expect(fake.running?.promptId).toBe('artist-1');
  });
});
