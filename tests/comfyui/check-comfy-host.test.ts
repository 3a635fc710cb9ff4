import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkComfyHost } from '../../src/generators/comfyui/check-comfy-host.js';
import { ComfyClient } from '../../src/generators/comfyui/comfy-client.js';
import { DEFAULT_COMFY_TEMPLATES } from '../../src/generators/comfyui/comfy-template-registry.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit } from './comfy-test-kit.js';

let kit: ComfyKit;
beforeAll(async () => {
  kit = await comfyKit(1);
  delete kit.fakes[0]!.objectInfo['VHS_LoadVideo'];
});
afterAll(async () => kit.close());

const client = (url: string) =>
  new ComfyClient({ baseUrl: url, requestTimeoutMs: 1000, retries: 0, retryDelayMs: 10 });

describe('checkComfyHost', () => {
  it('reports version, GPUs and what each template lacks', async () => {
    const report = await checkComfyHost({
      client: client(kit.fakes[0]!.url),
      templates: Object.values(DEFAULT_COMFY_TEMPLATES).map((name) => kit.templates.get(name)),
      params: { loraName: 'p4rtigiano.safetensors' },
    });
    expect(report).toEqual({
      host: kit.fakes[0]!.url,
      reachable: true,
      version: '0.3.40',
      devices: ['cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync'],
      templates: {
        'still-flux-lora': [],
        'video-cogvideox15-i2v': [],
        'upscale-omnisr-hat': [
          {
            kind: 'node',
            classType: 'VHS_LoadVideo',
            pack: 'Kosinkadink/ComfyUI-VideoHelperSuite',
          },
        ],
      },
    });
  });

  it('says why a host cannot be reached instead of throwing', async () => {
    const report = await checkComfyHost({
      client: client('http://127.0.0.1:9'),
      templates: [],
      params: {},
    });
    expect(report).toMatchObject({
      reachable: false,
      error: expect.stringContaining('http://127.0.0.1:9'),
    });
  });
});
