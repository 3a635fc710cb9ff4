/**
 * The video model's real limits against a fake host as strict as the wrapper: a prompt over
 * T5's 226 tokens fails on the GPU with "Prompt is too long"; the plan shortens it first (with a
 * warning naming the shot) so what is queued runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planShot } from '../../src/generators/plan-shot.js';
import { probeMedia } from '../../src/media/index.js';
import { hasCode } from '../../src/shared/index.js';
import type { ShotSpec } from '../../src/shots/shot-spec.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, NO_OPTIONS, stageRequest } from './comfy-test-kit.js';

let kit: ComfyKit;
let still = '';
beforeAll(async () => {
  kit = await comfyKit(1);
  still = (
    await kit
      .backend()
      .run(
        stageRequest({ shotId: 'v1', stage: 'still', outputDir: await kit.outDir('still') }),
        NO_OPTIONS,
      )
  ).file;
});
afterAll(async () => kit.close());

const LONG = `Italy, 1944, ${'partisans walk along a muddy mountain road under heavy grey clouds, '.repeat(25)}`;

const spec: ShotSpec = {
  shotId: 'sc09b',
  clipName: 'sc09b',
  scene: '9',
  prompt: LONG,
  negativePrompt: '',
  motion: 'slow push in',
  videoNegativePrompt: 'watermark',
  seed: 7,
  seedGroup: null,
  lora: null,
  durationFrames: 24,
  durationRate: 24,
  fps: 12,
  width: 768,
  height: 432,
  upscaleFactor: 4,
  templates: { still: null, video: null, upscale: null },
  regen: 0,
};

describe('the 226-token limit of CogVideoX text encoding', () => {
  it('a host refuses a too-long prompt on the GPU, as the wrapper does', async () => {
    const error = await kit
      .backend({ timing: { maxAttempts: 1 } })
      .run(
        stageRequest({
          shotId: 'v1',
          stage: 'video',
          outputDir: await kit.outDir('long'),
          inputs: { image: still },
          params: { prompt: LONG },
        }),
        NO_OPTIONS,
      )
      .catch((e: unknown) => e);
    expect(hasCode(error, 'COMFY_EXECUTION_FAILED')).toBe(true);
    expect((error as Error).message).toContain(
      '(CogVideoTextEncode): ValueError: Prompt is too long, max tokens supported is 226 or less, got',
    );
  });

  it('the plan shortens it (motion first) with a warning, and the host runs it', async () => {
    const plan = planShot({
      spec,
      templates: kit.templates.resolver,
      maxVideoSeconds: 10,
      upscaleHandles: 12,
    });
    expect(plan.warnings[0]).toMatch(
      /^shot sc09b: the video prompt is about \d+ tokens, over the 226 that template "video-cogvideox15-i2v" takes; shortened \(motion first\)/,
    );
    const video = plan.steps.find((s) => s.kind === 'video')!;
    // the still's 768x432 asks the video model for its trained 16:9 size
    expect([video.params['width'], video.params['height']]).toEqual([1360, 768]);
    const upscale = plan.steps.find((s) => s.kind === 'upscale')!;
    expect([upscale.params['width'], upscale.params['height']]).toEqual([3072, 1728]);
    expect(String(video.params['prompt']).startsWith('slow push in Italy, 1944, partisans')).toBe(
      true,
    );
    const result = await kit.backend().run(
      stageRequest({
        shotId: 'sc09b',
        stage: 'video',
        outputDir: await kit.outDir('fitted'),
        inputs: { image: still },
        params: { prompt: video.params['prompt'] as string },
      }),
      NO_OPTIONS,
    );
    expect(result.file).toMatch(/\.mp4$/);
  });
});

describe('loading the video model', () => {
  it('loads the model and VAE from files the host lists (diffusion_models, vae)', async () => {
    const fake = kit.fakes[0]!;
    const prompt = fake.received.at(-1)!.prompt;
    const loaders = Object.values(prompt).filter((n) =>
      ['CogVideoXModelLoader', 'CogVideoXVAELoader', 'DownloadAndLoadCogVideoModel'].includes(
        String(n.class_type),
      ),
    );
    expect(loaders.map((n) => [n.class_type, Object.values(n.inputs ?? {})[0]])).toEqual([
      ['CogVideoXModelLoader', 'CogVideoX_1_5_5b_I2V_bf16.safetensors'],
      ['CogVideoXVAELoader', 'cogvideox_vae_bf16.safetensors'],
    ]);
  });

  it('a first load with no progress for longer than the stall limit is not a hang', async () => {
    const slow = await comfyKit(1, {
      costs: {
        loadMs: { 'CogVideoX_1_5_5b_I2V_bf16.safetensors': 4_000 },
        stillMs: 5,
        videoFrameMs: 0.2,
        upscaleFrameMs: {},
      },
    });
    try {
      const result = await slow.backend({ timing: { stallTimeoutMs: 1_500, maxAttempts: 1 } }).run(
        stageRequest({
          shotId: 'v2',
          stage: 'video',
          outputDir: await slow.outDir('v'),
          inputs: { image: still },
        }),
        NO_OPTIONS,
      );
      expect(result.file).toMatch(/\.mp4$/);
      expect(slow.fakes[0]!.stats.loads).toContain('CogVideoX_1_5_5b_I2V_bf16.safetensors');
      expect(slow.fakes[0]!.stats.interrupted).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});

describe("CogVideoX's native 16 fps", () => {
  it('generates 16N+1 frames at 16 fps covering shot and handles; the upscale conforms to 12 fps', async () => {
    // 2 s at 12 fps (24 frames) with 12 frames of handles: 3 s of motion at 16 fps = 48 -> 49
    const plan = planShot({
      spec: { ...spec, prompt: 'Italy, 1944, a bridge', durationFrames: 48, durationRate: 24 },
      templates: kit.templates.resolver,
      maxVideoSeconds: 10,
      upscaleHandles: 12,
    });
    expect([plan.frames, plan.fps]).toEqual([24, 12]);
    const videoStep = plan.steps.find((s) => s.kind === 'video')!;
    const upscaleStep = plan.steps.find((s) => s.kind === 'upscale')!;
    expect([videoStep.params['fps'], videoStep.params['frames']]).toEqual([16, 48]);
    expect(upscaleStep.params).toMatchObject({
      fps: 12,
      sourceFps: 16,
      trimStart: 0,
      trimFrames: 24,
    });

    const pool = kit.backend();
    const video = await pool.run(
      stageRequest({
        shotId: 'r1',
        stage: 'video',
        outputDir: await kit.outDir('r1-video'),
        inputs: { image: still },
        params: videoStep.params,
      }),
      NO_OPTIONS,
    );
    const generated = (await probeMedia(video.file)).streams[0]!;
    expect([generated.frameCount, generated.frameRate]).toEqual([49, { num: 16, den: 1 }]);

    const upscale = await pool.run(
      stageRequest({
        shotId: 'r1',
        stage: 'upscale',
        outputDir: await kit.outDir('r1-upscale'),
        inputs: { video: video.file },
        params: upscaleStep.params,
      }),
      NO_OPTIONS,
    );
    const take = (await probeMedia(upscale.file)).streams[0]!;
    // the used 24 frames and 12 of handles at 12 fps: 3 s, the same 3 s of motion as generated
    expect([take.frameCount, take.frameRate]).toEqual([36, { num: 12, den: 1 }]);
    expect([take.width, take.height]).toEqual([384, 216]); // 3072x1728 at the fake's 1/8
  });
});

describe('frame 0 against the still', () => {
  it('records whether the clip starts on its still (the wrapper may drop a first latent)', async () => {
    const good = await kit.backend().run(
      stageRequest({
        shotId: 'f1',
        stage: 'video',
        outputDir: await kit.outDir('f1'),
        inputs: { image: still },
      }),
      NO_OPTIONS,
    );
    expect(good.provenance['firstFrame']).toMatchObject({ matchesInput: true });
    const off = await comfyKit(1, { dropsFirstLatent: true });
    try {
      const bad = await off.backend().run(
        stageRequest({
          shotId: 'f2',
          stage: 'video',
          outputDir: await off.outDir('f2'),
          inputs: { image: still },
        }),
        NO_OPTIONS,
      );
      expect(bad.provenance['firstFrame']).toMatchObject({ matchesInput: false });
    } finally {
      await off.close();
    }
  });
});
