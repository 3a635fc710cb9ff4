/**
 * Model files by what they are: hosts that store the upscalers as OpenModelDB's
 * `.safetensors`, in a subfolder, with dropdowns in either object_info shape, run the
 * template that names `1xDeJPG_OmniSR.pth`; two files of one stem are an error naming both
 * until libero.json pins one; `doctor` prints what each model resolved to on each host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { checkGeneratorHosts } from '../../src/main.js';
import { runDoctor } from '../../src/pipeline/doctor.js';
import { hasCode } from '../../src/shared/index.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import type { ComfyKit } from './comfy-test-kit.js';
import { comfyKit, NO_OPTIONS, stageRequest, TINY } from './comfy-test-kit.js';

const SUBFOLDER = ['upscale/1xDeJPG_OmniSR.safetensors', 'upscale/4xNomos8kHAT-L_otf.safetensors'];
const FLAT = ['1xDeJPG_OmniSR.safetensors', '4xNomos8kHAT-L_otf.safetensors', '4x-UltraSharp.pth'];
const TWICE = ['1xDeJPG_OmniSR.safetensors', 'old/1xDeJPG_OmniSR.pth', '4xNomos8kHAT-L_otf.pth'];

let kit: ComfyKit;
let twice: FakeComfyUI;
let clip = '';
beforeAll(async () => {
  kit = await comfyKit(2);
  // Host 0 makes the clip; then both hosts get their own upscale folders.
  const pool = kit.backend({ hosts: [kit.fakes[0]!.url] });
  const still = await pool.run(
    stageRequest({ shotId: 'm1', stage: 'still', outputDir: await kit.outDir('still') }),
    NO_OPTIONS,
  );
  const video = await pool.run(
    stageRequest({
      shotId: 'm1',
      stage: 'video',
      outputDir: await kit.outDir('video'),
      inputs: { image: still.file },
    }),
    NO_OPTIONS,
  );
  clip = video.file;
  twice = await new FakeComfyUI({ ...TINY, modelFolders: { upscale_models: TWICE } }).start();
});
afterAll(async () => {
  await twice.dispose();
  await kit.close();
});

const upscaleOn = async (url: string, name: string, pins: Record<string, string> = {}) =>
  kit.backend({ hosts: [url], modelPins: pins, timing: { maxAttempts: 1 } }).run(
    stageRequest({
      shotId: 'm1',
      stage: 'upscale',
      outputDir: await kit.outDir(name),
      inputs: { video: clip },
      params: { trimStart: 0, trimFrames: 8 },
    }),
    NO_OPTIONS,
  );

const upscalersQueued = (fake: FakeComfyUI) =>
  Object.values(fake.received.at(-1)!.prompt)
    .filter((n) => n.class_type === 'UpscaleModelLoader')
    .map((n) => n.inputs?.['model_name']);

describe('model files by stem', () => {
  it('runs on a host whose upscalers are .safetensors in a subfolder (classic dropdowns)', async () => {
    const fake = kit.fakes[0]!;
    fake.objectInfo = new FakeComfyUI({
      ...TINY,
      modelFolders: { upscale_models: SUBFOLDER },
    }).objectInfo;
    const result = await upscaleOn(fake.url, 'sub');
    expect(upscalersQueued(fake)).toEqual(SUBFOLDER);
    expect(result.provenance['models']).toEqual(SUBFOLDER);
  });

  it('runs on a host that writes dropdowns as ["COMBO", {options}]', async () => {
    const fake = kit.fakes[1]!;
    fake.objectInfo = new FakeComfyUI({
      ...TINY,
      modelFolders: { upscale_models: FLAT },
      comboV2: true,
    }).objectInfo;
    expect(fake.objectInfo['UpscaleModelLoader']!.input.required!['model_name']![0]).toBe('COMBO');
    await upscaleOn(fake.url, 'flat');
    expect(upscalersQueued(fake)).toEqual(FLAT.slice(0, 2));
  });

  it('refuses two files of one stem, naming both, and takes the pinned one', async () => {
    const error = await upscaleOn(twice.url, 'twice').catch((e: unknown) => e);
    expect(hasCode(error, 'COMFY_MISSING_NODES')).toBe(true);
    expect((error as Error).message).toContain(
      'not "1xDeJPG_OmniSR.safetensors" and "old/1xDeJPG_OmniSR.pth" (pin one in libero.json comfyui.models)',
    );
    expect(twice.received).toEqual([]); // nothing queued on a guess
    await upscaleOn(twice.url, 'pinned', { '1xDeJPG_OmniSR': 'old/1xDeJPG_OmniSR.pth' });
    expect(upscalersQueued(twice)).toEqual(['old/1xDeJPG_OmniSR.pth', '4xNomos8kHAT-L_otf.pth']);
  });

  it('a host still downloading a model lacks it until the file is there, then runs', async () => {
    // ComfyUI lists only finished files with a model extension (not `x.safetensors.part`)
    const downloading = await new FakeComfyUI({
      ...TINY,
      modelFolders: { upscale_models: ['1xDeJPG_OmniSR.safetensors'] },
    }).start();
    try {
      const pool = kit.backend({
        hosts: [downloading.url],
        timing: { maxAttempts: 1, lacksRecheckMs: 300 },
      });
      const upscale = async (name: string) =>
        pool.run(
          stageRequest({
            shotId: 'm1',
            stage: 'upscale',
            outputDir: await kit.outDir(name),
            inputs: { video: clip },
            params: { trimStart: 0, trimFrames: 8 },
          }),
          NO_OPTIONS,
        );
      const error = await upscale('dl1').catch((e: unknown) => e);
      expect(hasCode(error, 'COMFY_MISSING_NODES')).toBe(true);
      expect((error as Error).message).toContain('4xNomos8kHAT-L_otf');
      // while it lacks it, a new stage for the template fails at once (no host will take it)
      const again = await upscale('dl1b').catch((e: unknown) => e);
      expect(hasCode(again, 'COMFY_MISSING_NODES')).toBe(true);
      // the download finishes: after lacksRecheckMs the same pool tries the host again, which
      // reads its /object_info anew instead of trusting what it learnt before
      await new Promise((r) => setTimeout(r, 350));
      downloading.objectInfo = new FakeComfyUI({
        ...TINY,
        modelFolders: {
          upscale_models: ['1xDeJPG_OmniSR.safetensors', '4xNomos8kHAT-L_otf.safetensors'],
        },
      }).objectInfo;
      await upscale('dl2');
      expect(upscalersQueued(downloading)).toEqual([
        '1xDeJPG_OmniSR.safetensors',
        '4xNomos8kHAT-L_otf.safetensors',
      ]);
    } finally {
      await downloading.dispose();
    }
  });

  it('doctor prints, per host, which file each model resolved to', async () => {
    const config = parseProjectConfig({
      json: {
        comfyui: { hosts: [kit.fakes[0]!.url, twice.url] },
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
    const sub = checks.find((c) => c.name === `comfyui ${kit.fakes[0]!.url}`);
    expect(sub?.ok).toBe(true);
    expect(sub?.detail).toContain(
      'models: flux1-dev -> flux1-dev.safetensors, t5xxl_fp16 -> t5xxl_fp16.safetensors',
    );
    expect(sub?.detail).toContain(
      '1xDeJPG_OmniSR -> upscale/1xDeJPG_OmniSR.safetensors (by stem), 4xNomos8kHAT-L_otf -> upscale/4xNomos8kHAT-L_otf.safetensors (by stem)',
    );
    const amb = checks.find((c) => c.name === `comfyui ${twice.url}`);
    expect(amb?.ok).toBe(false);
    expect(amb?.detail).toContain(
      '1xDeJPG_OmniSR -> ambiguous: 1xDeJPG_OmniSR.safetensors | old/1xDeJPG_OmniSR.pth',
    );
  });
});
