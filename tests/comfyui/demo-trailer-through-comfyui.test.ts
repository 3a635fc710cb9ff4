/**
 * The demo trailer end to end through two fake ComfyUI hosts whose upscale models are stored
 * as OpenModelDB ships them today (`.safetensors`, one host in a subfolder): the real CLI,
 * `libero doctor` showing what each model resolved to, then `libero render` generating every
 * shot (CogVideoX at 16 fps, conformed to 12), writing the conformed timeline and the master.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { projectTemplatesDir } from '../../src/pipeline/init-project.js';
import { parseTimeline } from '../../src/pipeline/project.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { TINY } from './comfy-test-kit.js';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
let dir = '';
let fakes: FakeComfyUI[] = [];

async function libero(...args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, LIBERO_COMFYUI_URL: '', ELEVENLABS_API_KEY: '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-trailer-comfy-'));
  cpSync(join(projectTemplatesDir(), 'trailer'), dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'libero.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(join(dir, 'libero.json'), JSON.stringify({ ...config, comfyui: { handles: 4 } }));
  const folders = [
    ['upscale/1xDeJPG_OmniSR.safetensors', 'upscale/4xNomos8kHAT-L_otf.safetensors'],
    ['1xDeJPG_OmniSR.safetensors', '4xNomos8kHAT-L_otf.safetensors', '4x-UltraSharp.pth'],
  ];
  fakes = await Promise.all(
    folders.map((upscale) =>
      new FakeComfyUI({
        ...TINY,
        mediaScale: 1 / 32, // 1360x768 -> 42x24 video, 3072x1728 -> 96x54 upscale
        modelFolders: { upscale_models: upscale },
        reuseMedia: false,
      }).start(),
    ),
  );
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo trailer through two ComfyUI hosts with .safetensors upscalers', () => {
  it('libero doctor shows, per host, which file each model resolved to', async () => {
    const { code, out } = await libero(
      'doctor',
      join(dir, 'trailer.otio'),
      '--comfyui',
      fakes.map((f) => f.url).join(','),
    );
    const lines = out.split('\n');
    const hostLine = (url: string) => lines.find((l) => l.includes(`comfyui ${url}`)) ?? '';
    expect(hostLine(fakes[0]!.url)).toMatch(/^ok /);
    expect(hostLine(fakes[0]!.url)).toContain(
      '1xDeJPG_OmniSR -> upscale/1xDeJPG_OmniSR.safetensors (by stem), 4xNomos8kHAT-L_otf -> upscale/4xNomos8kHAT-L_otf.safetensors (by stem)',
    );
    expect(hostLine(fakes[1]!.url)).toContain(
      '1xDeJPG_OmniSR -> 1xDeJPG_OmniSR.safetensors (by stem)',
    );
    expect(code === 0 || code === 4).toBe(true); // 4 only if this box lacks an ffmpeg filter
  }, 60_000);

  it('libero render generates every shot, writes the conformed timeline and the master', async () => {
    const master = join(dir, 'out', 'master.mp4');
    const { code, out } = await libero(
      'render',
      join(dir, 'trailer.otio'),
      '-o',
      master,
      '--size',
      '64x36',
      '--preset',
      'ultrafast',
      '--comfyui',
      fakes.map((f) => f.url).join(','),
    );
    expect(out).not.toContain('FAILED');
    expect(code).toBe(0);
    const conformedFile = join(dir, 'trailer.conformed.otio');
    const conformed = parseTimeline(readFileSync(conformedFile, 'utf8'), conformedFile);
    const takes = conformed.findClips().filter((c) => c.activeMediaReferenceKey === 'take-001');
    expect(takes).toHaveLength(9);
    // both hosts worked, each upscaling with its own files
    const upscalers = fakes.map((f) =>
      [
        ...new Set(
          f.received.flatMap((r) =>
            Object.values(r.prompt)
              .filter((n) => n.class_type === 'UpscaleModelLoader')
              .map((n) => String(n.inputs?.['model_name'])),
          ),
        ),
      ].sort(),
    );
    expect(upscalers.filter((u) => u.length > 0).length).toBeGreaterThan(0);
    for (const names of upscalers) for (const name of names) expect(name).toMatch(/\.safetensors$/);
    // every video at CogVideoX's 16 fps, every take at the project's 12
    const videos = fakes.flatMap((f) =>
      f.received.flatMap((r) =>
        Object.values(r.prompt)
          .filter((n) => n.class_type === 'CogVideoSampler')
          .map((n) => Number(n.inputs?.['num_frames']) % 16),
      ),
    );
    expect(videos.length).toBeGreaterThanOrEqual(9);
    expect(new Set(videos)).toEqual(new Set([1]));
    const take = await probeMedia(join(dir, 'out', 'shots', 'sc03', 'take-001.mp4'));
    expect(take.streams[0]?.frameRate).toEqual({ num: 12, den: 1 });
    const probed = await probeMedia(master);
    const video = probed.streams.find((s) => s.kind === 'video');
    expect([video?.width, video?.height]).toEqual([64, 36]);
    expect(probed.duration).toBeCloseTo(89, 0);
  }, 600_000);
});
