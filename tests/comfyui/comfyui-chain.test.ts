/**
 * The chain through a fake ComfyUI host: still -> video -> upscale, with the values the
 * production used in the queued workflows, real media at the asked sizes and frame rates,
 * and only the used frames upscaled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, NO_OPTIONS, PARTISAN_SEED, stageRequest } from './comfy-test-kit.js';

const NEGATIVE =
  'The video is not of a high quality, it has a low resolution. Watermark present in each frame. Strange motion trajectory. Writing or watermark.';

function nodeOf(
  prompt: Record<string, { class_type?: unknown; inputs?: Record<string, unknown> }>,
  classType: string,
) {
  const found = Object.values(prompt).filter((n) => n.class_type === classType);
  expect(found.length, classType).toBeGreaterThan(0);
  return found.map((n) => n.inputs ?? {});
}

describe('ComfyUI chain against the fake host', () => {
  let kit: ComfyKit;
  beforeAll(async () => {
    kit = await comfyKit(1);
  });
  afterAll(async () => kit.close());

  it('runs still -> video -> upscale with the production values and real media', async () => {
    const backend = kit.backend();
    const fake = kit.fakes[0]!;
    const progress: number[] = [];
    const still = await backend.run(
      stageRequest({ shotId: 's3', stage: 'still', outputDir: await kit.outDir('still') }),
      {
        signal: null,
        onProgress: (p) => progress.push(p.fraction),
      },
    );
    expect(still.host).toBe(fake.url);
    expect(still.provenance['models']).toEqual([
      'flux1-dev.safetensors',
      't5xxl_fp16.safetensors',
      'clip_l.safetensors',
      'ae.safetensors',
      'p4rtigiano.safetensors',
    ]);
    expect(progress.at(-1)).toBe(1);
    const stillMedia = await probeMedia(still.file);
    expect([stillMedia.streams[0]?.width, stillMedia.streams[0]?.height]).toEqual([96, 54]); // 768x432 x 0.125

    const stillPrompt = fake.received[0]!.prompt;
    expect(nodeOf(stillPrompt, 'RandomNoise')[0]!['noise_seed']).toBe(PARTISAN_SEED);
    expect(nodeOf(stillPrompt, 'LoraLoader')[0]).toMatchObject({
      strength_model: 0.8,
      strength_clip: 0.7,
      lora_name: 'p4rtigiano.safetensors',
    });
    expect(nodeOf(stillPrompt, 'EmptySD3LatentImage')[0]).toMatchObject({
      width: 768,
      height: 432,
    });
    expect(nodeOf(stillPrompt, 'ModelSamplingFlux')[0]).toMatchObject({ width: 768, height: 432 });
    expect(nodeOf(stillPrompt, 'CLIPTextEncode')[0]!['text']).toBe('Italy, 1944, shot s3');
    expect(fake.received[0]!.clientId).toMatch(/^libero-/);

    const video = await backend.run(
      stageRequest({
        shotId: 's3',
        stage: 'video',
        outputDir: await kit.outDir('video'),
        inputs: { image: still.file },
      }),
      NO_OPTIONS,
    );
    const videoPrompt = fake.received[1]!.prompt;
    const [positive, negative] = nodeOf(videoPrompt, 'CogVideoTextEncode');
    expect(positive!['prompt']).toBe('Italy, 1944, shot s3, slow push in');
    expect(negative!['prompt']).toBe(NEGATIVE);
    expect(nodeOf(videoPrompt, 'CogVideoSampler')[0]).toMatchObject({
      seed: PARTISAN_SEED,
      steps: 25,
      num_frames: 33,
    }); // 20 -> 16N+1
    expect(nodeOf(videoPrompt, 'ImageScale')[0]).toMatchObject({
      width: 768,
      height: 432,
      upscale_method: 'lanczos',
    });
    expect(nodeOf(videoPrompt, 'VHS_VideoCombine')[0]).toMatchObject({
      frame_rate: 12,
      format: 'video/h264-mp4',
    });
    expect(nodeOf(videoPrompt, 'LoadImage')[0]!['image']).toBe('libero/s3-video.png');
    const videoMedia = (await probeMedia(video.file)).streams[0]!;
    expect([videoMedia.width, videoMedia.height, videoMedia.frameCount]).toEqual([96, 54, 33]);
    expect(videoMedia.frameRate).toEqual({ num: 12, den: 1 });

    // The cut uses frames 14..17 of the 33; with 12 handles each side: frames 2..29 = 28 frames.
    const upscale = await backend.run(
      stageRequest({
        shotId: 's3',
        stage: 'upscale',
        outputDir: await kit.outDir('upscale'),
        inputs: { video: video.file },
        params: { trimStart: 14, trimFrames: 4, batchSize: 24 },
      }),
      NO_OPTIONS,
    );
    // Both batches are queued at once (no idle GPU between them); order them by first frame.
    const batches = fake.received
      .slice(2)
      .map((r) => nodeOf(r.prompt, 'VHS_LoadVideo')[0]!)
      .sort((a, b) => Number(a['skip_first_frames']) - Number(b['skip_first_frames']));
    expect(batches).toEqual([
      expect.objectContaining({ skip_first_frames: 2, frame_load_cap: 24 }),
      expect.objectContaining({ skip_first_frames: 26, frame_load_cap: 4 }),
    ]);
    const models = nodeOf(fake.received[2]!.prompt, 'UpscaleModelLoader').map(
      (i) => i['model_name'],
    );
    expect(models).toEqual(['1xDeJPG_OmniSR.pth', '4xNomos8kHAT-L_otf.pth']);
    const up = (await probeMedia(upscale.file)).streams[0]!;
    expect([up.width, up.height, up.frameCount]).toEqual([384, 216, 28]); // x4
    expect(up.frameRate).toEqual({ num: 12, den: 1 });
    expect(upscale.provenance['batches']).toEqual([
      { start: 2, count: 24 },
      { start: 26, count: 4 },
    ]);
    // One load per model family; T5-XXL is shared by FLUX and CogVideoX and stays loaded.
    expect(fake.stats.loads).toEqual([
      'flux1-dev.safetensors',
      't5xxl_fp16.safetensors',
      'clip_l.safetensors',
      'ae.safetensors',
      'CogVideoX_1_5_5b_I2V_bf16.safetensors',
      'cogvideox_vae_bf16.safetensors',
      '1xDeJPG_OmniSR.pth',
      '4xNomos8kHAT-L_otf.pth',
    ]);
  });

  it('leaves the LoRA out when the shot has none', async () => {
    const backend = kit.backend();
    const fake = kit.fakes[0]!;
    const before = fake.received.length;
    await backend.run(
      stageRequest({
        shotId: 's1',
        stage: 'still',
        outputDir: await kit.outDir('nolora'),
        params: { loraName: null, seed: 927715408442632 },
      }),
      NO_OPTIONS,
    );
    const prompt = fake.received[before]!.prompt;
    expect(Object.values(prompt).some((n) => n.class_type === 'LoraLoader')).toBe(false);
    expect(nodeOf(prompt, 'CLIPTextEncode')[0]!['clip']).toEqual(['2', 0]);
    expect(nodeOf(prompt, 'RandomNoise')[0]!['noise_seed']).toBe(927715408442632);
  });
});
