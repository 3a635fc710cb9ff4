/** Shared set-up of the ComfyUI suites: fake hosts, a pool over them, stage requests. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_COMFY_TEMPLATES_DIR } from '../../src/generators/comfyui/comfy-template-fs.js';
import { loadComfyTemplateRegistry } from '../../src/generators/comfyui/comfy-template-registry.js';
import type { ComfyTemplateRegistry } from '../../src/generators/comfyui/comfy-template-registry.js';
import {
  createComfyBackend,
  DEFAULT_COMFY_TIMING,
} from '../../src/generators/comfyui/comfyui-backend.js';
import type { ComfyTimingOptions } from '../../src/generators/comfyui/comfyui-backend.js';
import type { StageKind, StageRequest } from '../../src/generators/generator-backend.js';
import type { HostPool, PoolEvent } from '../../src/generators/scheduler/host-pool.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import type { FakeComfyOptions } from '../fakes/comfyui/fake-comfyui.js';

/** Fast limits for tests (the fake answers in milliseconds). */
export const TEST_TIMING: ComfyTimingOptions = {
  ...DEFAULT_COMFY_TIMING,
  stageTimeoutMs: 20_000,
  stallTimeoutMs: 10_000, // a loaded CI box can take seconds to write a file; the hung test sets its own
  pollMs: 50,
  reconnectMs: 800,
  historyWaitMs: 1_000,
  requestTimeoutMs: 2_000,
  httpRetries: 2,
  retryDelayMs: 20,
  recheckMs: 100,
  noHostTimeoutMs: 1_500,
  maxAttempts: 3,
  batchWindowMs: 30,
};

/** Tiny media, small costs: a whole chain takes about a second. */
export const TINY: FakeComfyOptions = {
  mediaScale: 0.125, // 768x432 -> 96x54
  costs: {
    loadMs: {
      'flux1-dev.safetensors': 30,
      'CogVideoX_1_5_5b_I2V_bf16.safetensors': 20,
      '4xNomos8kHAT-L_otf.pth': 5,
    },
    stillMs: 20,
    videoFrameMs: 0.5,
    upscaleFrameMs: { '4xNomos8kHAT-L_otf.pth': 1 },
  },
  tickMs: 10,
};

/** Fake hosts, the templates and a scratch folder; `close()` tears all down. */
export interface ComfyKit {
  readonly fakes: FakeComfyUI[];
  readonly templates: ComfyTemplateRegistry;
  readonly dir: string;
  readonly events: PoolEvent[];
  backend(options?: {
    timing?: Partial<ComfyTimingOptions>;
    hosts?: string[];
    modelPins?: Readonly<Record<string, string>>;
  }): HostPool;
  /** A fresh output folder for a stage. */
  outDir(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts `count` fake hosts. */
export async function comfyKit(
  count: number,
  options: Partial<FakeComfyOptions> = {},
): Promise<ComfyKit> {
  const fakes = await Promise.all(
    Array.from({ length: count }, () => new FakeComfyUI({ ...TINY, ...options }).start()),
  );
  const templates = await loadComfyTemplateRegistry({
    dirs: [BUILTIN_COMFY_TEMPLATES_DIR],
    extra: [],
  });
  const dir = await mkdtemp(join(tmpdir(), 'libero-comfy-test-'));
  const events: PoolEvent[] = [];
  const pools: HostPool[] = [];
  return {
    fakes,
    templates,
    dir,
    events,
    backend: (o = {}) => {
      const pool = createComfyBackend({
        hosts: o.hosts ?? fakes.map((f) => f.url),
        templates,
        timing: { ...TEST_TIMING, ...o.timing },
        handles: 12,
        onEvent: (e) => events.push(e),
        modelPins: o.modelPins ?? {},
      });
      pools.push(pool);
      return pool;
    },
    outDir: async (name) => {
      const out = join(dir, name);
      await mkdir(out, { recursive: true });
      return out;
    },
    close: async () => {
      for (const pool of pools) pool.close();
      await Promise.all(fakes.map((f) => f.dispose()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The seed of the "partisan" seed group (../shared/PIPELINE.md). */
export const PARTISAN_SEED = 184229719894473;

/** A stage request with the plan's parameter names (src/generators/plan-shot.ts). */
export function stageRequest(options: {
  shotId: string;
  stage: StageKind;
  outputDir: string;
  params?: StageRequest['params'];
  inputs?: StageRequest['inputs'];
  template?: string;
}): StageRequest {
  const defaults: Record<StageKind, { template: string; params: StageRequest['params'] }> = {
    still: {
      template: 'still-flux-lora',
      params: {
        prompt: `Italy, 1944, shot ${options.shotId}`,
        seed: PARTISAN_SEED,
        width: 768,
        height: 432,
        loraName: 'p4rtigiano.safetensors',
        loraStrengthModel: 0.8,
        loraStrengthClip: 0.7,
      },
    },
    video: {
      template: 'video-cogvideox15-i2v',
      params: {
        prompt: `Italy, 1944, shot ${options.shotId}, slow push in`,
        seed: PARTISAN_SEED,
        fps: 12,
        frames: 20,
        width: 768,
        height: 432,
      },
    },
    upscale: { template: 'upscale-omnisr-hat', params: { fps: 12, factor: 4 } },
  };
  const d = defaults[options.stage];
  return {
    shotId: options.shotId,
    stage: options.stage,
    key: `${options.shotId}-${options.stage}`,
    template: options.template ?? d.template,
    params: { ...d.params, ...options.params },
    inputs: options.inputs ?? {},
    outputDir: options.outputDir,
  };
}

/** No signal, no progress. */
export const NO_OPTIONS = { signal: null, onProgress: null } as const;

/** One shot for {@link runChains}. */
export interface ChainShot {
  readonly shotId: string;
  /** Frames the video stage makes (at 12 fps). */
  readonly frames: number;
  /** Frames of the clip the cut uses, or null for all. */
  readonly trim: { readonly start: number; readonly frames: number } | null;
}

/**
 * Drives the pool the way the plan runner does: every shot's chain at once (still, then its
 * video, then its upscale), so the pool sees the whole batch. Resolves with each shot's
 * completion time (ms since start) and its final file.
 */
export async function runChains(options: {
  pool: HostPool;
  shots: readonly ChainShot[];
  outDir: (name: string) => Promise<string>;
}): Promise<Array<{ shotId: string; doneMs: number; file: string }>> {
  const started = Date.now();
  return Promise.all(
    options.shots.map(async (shot) => {
      const still = await options.pool.run(
        stageRequest({
          shotId: shot.shotId,
          stage: 'still',
          outputDir: await options.outDir(`${shot.shotId}/still`),
        }),
        NO_OPTIONS,
      );
      const video = await options.pool.run(
        stageRequest({
          shotId: shot.shotId,
          stage: 'video',
          outputDir: await options.outDir(`${shot.shotId}/video`),
          inputs: { image: still.file },
          params: { frames: shot.frames },
        }),
        NO_OPTIONS,
      );
      const upscale = await options.pool.run(
        stageRequest({
          shotId: shot.shotId,
          stage: 'upscale',
          outputDir: await options.outDir(`${shot.shotId}/upscale`),
          inputs: { video: video.file },
          params:
            shot.trim === null ? {} : { trimStart: shot.trim.start, trimFrames: shot.trim.frames },
        }),
        NO_OPTIONS,
      );
      return { shotId: shot.shotId, doneMs: Date.now() - started, file: upscale.file };
    }),
  );
}
