/**
 * The fake refuses what a real host refuses (execution.py validate_inputs): a link whose
 * source output type is not the input's type, and a dropdown value not in the list in either
 * object_info shape. Exercised through the product's client, as libero would meet them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComfyClient } from '../../src/generators/comfyui/comfy-client.js';
import { hasCode } from '../../src/shared/index.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { TINY } from './comfy-test-kit.js';

let classic: FakeComfyUI;
let combo: FakeComfyUI;
beforeAll(async () => {
  classic = await new FakeComfyUI(TINY).start();
  combo = await new FakeComfyUI({ ...TINY, comboV2: true }).start();
});
afterAll(async () => {
  await classic.dispose();
  await combo.dispose();
});

const client = (fake: FakeComfyUI) =>
  new ComfyClient({ baseUrl: fake.url, requestTimeoutMs: 2_000, retries: 0, retryDelayMs: 10 });

const queue = (fake: FakeComfyUI, workflow: Record<string, unknown>) =>
  client(fake)
    .queuePrompt({
      workflow: workflow as never,
      promptId: crypto.randomUUID(),
      clientId: 'test',
      template: 'strictness',
      signal: null,
    })
    .catch((e: unknown) => e);

const upscale = (modelName: string, imageFrom: [string, number]) => ({
  '1': { class_type: 'UpscaleModelLoader', inputs: { model_name: modelName } },
  '2': { class_type: 'LoadImage', inputs: { image: 'x.png' } },
  '3': {
    class_type: 'ImageUpscaleWithModel',
    inputs: { upscale_model: ['1', 0], image: imageFrom },
  },
  '4': { class_type: 'SaveImage', inputs: { images: ['3', 0], filename_prefix: 'x' } },
});

describe('the fake validates like execution.py', () => {
  it('refuses a link whose output type is not the input type', async () => {
    // the IMAGE input fed from the UPSCALE_MODEL output
    const error = await queue(classic, upscale('1xDeJPG_OmniSR.pth', ['1', 0]));
    expect(hasCode(error, 'COMFY_PROMPT_REJECTED')).toBe(true);
    expect((error as Error).message).toContain(
      'Return type mismatch between linked nodes: image, received_type(UPSCALE_MODEL) mismatch input_type(IMAGE)',
    );
  });

  it.each([
    ['classic [[...]]', () => classic],
    ['["COMBO", {options}]', () => combo],
  ])('refuses a dropdown value not in the list (%s)', async (_shape, fake) => {
    const error = await queue(fake(), upscale('2x-Nothing.pth', ['2', 0]));
    expect(hasCode(error, 'COMFY_PROMPT_REJECTED')).toBe(true);
    expect((error as Error).message).toContain("model_name: '2x-Nothing.pth' not in");
  });
});
