/**
 * The video model's real limits against a fake host as strict as the wrapper: a prompt over
 * T5's 226 tokens fails on the GPU with "Prompt is too long"; the plan shortens it first (with a
 * warning naming the shot) so what is queued runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planShot } from '../../src/generators/plan-shot.js';
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
