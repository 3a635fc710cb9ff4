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
    expect(report).toMatchObject({
      host: kit.fakes[0]!.url,
      reachable: true,
      version: '0.3.62',
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
    expect(report.reachable && report.models['upscale-omnisr-hat']).toEqual([
      {
        node: '2',
        input: 'model_name',
        folder: 'upscale_models',
        wanted: '1xDeJPG_OmniSR.pth',
        resolution: { kind: 'found', file: '1xDeJPG_OmniSR.pth', how: 'exact' },
      },
      {
        node: '4',
        input: 'model_name',
        folder: 'upscale_models',
        wanted: '4xNomos8kHAT-L_otf.pth',
        resolution: { kind: 'found', file: '4xNomos8kHAT-L_otf.pth', how: 'exact' },
      },
    ]);
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
