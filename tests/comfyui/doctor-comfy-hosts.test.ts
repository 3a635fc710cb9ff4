/**
 * `libero doctor` on the configured ComfyUI hosts: one line per host with its version, GPUs
 * and what each template lacks; a host that does not answer is a failed line, not a throw.
 * And where the host list comes from: --comfyui, then LIBERO_COMFYUI_URL, then libero.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { checkGeneratorHosts, comfyHostsFrom } from '../../src/main.js';
import { runDoctor } from '../../src/pipeline/doctor.js';
import { hasCode } from '../../src/shared/index.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit } from './comfy-test-kit.js';

let kit: ComfyKit;
beforeAll(async () => {
  kit = await comfyKit(2);
  delete kit.fakes[1]!.objectInfo['VHS_LoadVideo']; // the second host lacks a node pack
});
afterAll(async () => kit.close());

const configWith = (hosts: string[]) =>
  parseProjectConfig({
    json: {
      comfyui: { hosts },
      lora: { name: 'p4rtigiano.safetensors', strengthModel: 0.8, strengthClip: 0.7 },
    },
    file: 'libero.json',
  });

describe('libero doctor with ComfyUI hosts', () => {
  it('reports each host of libero.json: ready, lacking a node pack, unreachable', async () => {
    const [ready, lacking] = kit.fakes.map((f) => f.url) as [string, string];
    const gone = 'http://127.0.0.1:9';
    const config = configWith([ready, lacking, gone]);
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
    const line = (name: string) => checks.find((c) => c.name === name);
    expect(line('generator backend')).toEqual({
      name: 'generator backend',
      ok: true,
      detail: 'ComfyUI pool of 3 host(s) from libero.json comfyui.hosts',
    });
    expect(line(`comfyui ${ready}`)).toEqual({
      name: `comfyui ${ready}`,
      ok: true,
      detail: expect.stringMatching(
        /^ComfyUI 0\.3\.62 on cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync.*; ready for still-flux-lora, video-cogvideox15-i2v, upscale-omnisr-hat; models: flux1-dev -> flux1-dev\.safetensors, /,
      ),
    });
    expect(line(`comfyui ${lacking}`)).toMatchObject({
      ok: false,
      detail: expect.stringContaining(
        'template upscale-omnisr-hat lacks node class VHS_LoadVideo (install Kosinkadink/ComfyUI-VideoHelperSuite)',
      ),
    });
    expect(line(`comfyui ${gone}`)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^unreachable: .*127\.0\.0\.1:9/),
    });
  });

  it('checks the LoRA file the project names', async () => {
    const fake = kit.fakes[0]!;
    const report = await checkGeneratorHosts({
      env: {},
      comfyui: fake.url,
      config: parseProjectConfig({
        json: { lora: { name: 'someone-elses.safetensors' } },
        file: 'libero.json',
      }),
      projectDir: null,
      requestTimeoutMs: 1_000,
    });
    expect(report.source).toBe('--comfyui');
    const still = report.reports[0]!.reachable ? report.reports[0]!.templates : {};
    expect(still['still-flux-lora']).toEqual([
      expect.objectContaining({ kind: 'model', value: 'someone-elses.safetensors' }),
    ]);
  });

  it('names the draft backend when no host is configured, and a bad URL as a failed line', async () => {
    const none = await runDoctor(
      {},
      {
        checkHosts: () =>
          checkGeneratorHosts({
            env: {},
            comfyui: null,
            config: null,
            projectDir: null,
            requestTimeoutMs: 1_000,
          }),
      },
    );
    expect(none.find((c) => c.name === 'generator backend')).toMatchObject({
      ok: true,
      detail: expect.stringContaining('draft'),
    });
    const bad = await runDoctor(
      {},
      {
        checkHosts: () =>
          checkGeneratorHosts({
            env: { LIBERO_COMFYUI_URL: 'gpu1:8188' },
            comfyui: null,
            config: null,
            projectDir: null,
            requestTimeoutMs: 1_000,
          }),
      },
    );
    expect(bad.find((c) => c.name === 'generator backend')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('LIBERO_COMFYUI_URL: "gpu1:8188" is not an http(s) URL'),
    });
  });
});

describe('comfyHostsFrom', () => {
  const config = configWith(['http://gpu3:8188']);
  it('takes --comfyui over LIBERO_COMFYUI_URL over libero.json', () => {
    const env = { LIBERO_COMFYUI_URL: 'http://gpu2:8188/' };
    expect(comfyHostsFrom({ env, comfyui: 'http://gpu1:8188,http://gpu1:8188', config })).toEqual({
      hosts: ['http://gpu1:8188'],
      source: '--comfyui',
    });
    expect(comfyHostsFrom({ env, comfyui: null, config })).toEqual({
      hosts: ['http://gpu2:8188'],
      source: 'LIBERO_COMFYUI_URL',
    });
    expect(comfyHostsFrom({ env: {}, comfyui: null, config })).toEqual({
      hosts: ['http://gpu3:8188'],
      source: 'libero.json comfyui.hosts',
    });
    expect(comfyHostsFrom({ env: {}, comfyui: null, config: null }).hosts).toEqual([]);
  });

  it('refuses a host that is not an http(s) URL, naming where it came from', () => {
    let error: unknown = null;
    try {
      comfyHostsFrom({ env: {}, comfyui: 'ftp://gpu1', config: null });
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('--comfyui');
  });
});
