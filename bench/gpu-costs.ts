/**
 * What the fake ComfyUI hosts of `npm run bench -- chain` and `-- farm` charge: the per-stage
 * and model-load costs of ../shared/ref/performance.md (24 GB card, RTX 4090 class; midpoints),
 * and the demo trailer's generated shots both benches run.
 */
import { readFileSync } from 'node:fs';
import type { FakeCosts } from '../tests/fakes/comfyui/fake-execute.js';

/** GPU-seconds, 24 GB card (performance.md B2-B4, B6; midpoints). */
export const GPU = {
  still: 5, // FLUX 768x432, 20 steps: 4-6 s
  videoFrame: 270 / 81 / 2, // CogVideoX 81 frames 170-375 s at 50 steps; 25 steps here
  upscaleFrame: { '1xDeJPG_OmniSR.pth': 0.3, '4xNomos8kHAT-L_otf.pth': 3.65 } as Record<
    string,
    number
  >,
  load: {
    'flux1-dev.safetensors': 20, // FLUX set cold from NVMe 15-40 s
    't5xxl_fp16.safetensors': 6,
    'clip_l.safetensors': 0.5,
    'ae.safetensors': 0.5,
    'CogVideoX_1_5_5b_I2V_bf16.safetensors': 15, // 10-25 s
    'cogvideox_vae_bf16.safetensors': 0.5,
    '1xDeJPG_OmniSR.pth': 0.5,
    '4xNomos8kHAT-L_otf.pth': 1,
  } as Record<string, number>,
};

/** The fake's costs with one GPU-second lasting `scaleMs` milliseconds. */
export function fakeCosts(scaleMs: number): FakeCosts {
  const scale = (r: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v * scaleMs]));
  return {
    loadMs: scale(GPU.load),
    stillMs: GPU.still * scaleMs,
    videoFrameMs: GPU.videoFrame * scaleMs,
    upscaleFrameMs: scale(GPU.upscaleFrame),
  };
}

/** One generated shot of the demo trailer. */
export interface DemoShot {
  readonly shotId: string;
  readonly seconds: number;
}

/** The generated shots of the demo trailer: clips whose metadata.libero carries a prompt. */
export function demoShots(): DemoShot[] {
  const otio = JSON.parse(
    readFileSync(new URL('../templates/projects/trailer/trailer.otio', import.meta.url), 'utf8'),
  ) as unknown;
  const shots: DemoShot[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      const libero = (o['metadata'] as { libero?: { prompt?: unknown } } | undefined)?.libero;
      if (String(o['OTIO_SCHEMA']).startsWith('Clip.') && typeof libero?.prompt === 'string') {
        const d = (o['source_range'] as { duration: { value: number; rate: number } }).duration;
        shots.push({ shotId: String(o['name']), seconds: d.value / d.rate });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(otio);
  return shots;
}
