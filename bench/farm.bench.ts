/**
 * `npm run bench -- farm`: studio mode. Two projects (two cuts of the demo trailer, different
 * prompts, so nothing is shared) on one farm of four fake ComfyUI hosts charging the published
 * GPU costs (../shared/ref/performance.md, as bench/chain.bench.ts: 24 GB card, midpoints,
 * one GPU-second = SCALE_MS here), each host fed by a real `runStudioWorker` through a real
 * Redis (BullMQ). Prints:
 * (a) shared farm makespan vs the lower bound (all compute spread over four hosts, one load of
 *     each model per host, and never less than the longest single shot chain); goal <= 1.15x;
 * (b) each project's completion on the shared farm vs on two hosts of its own (the other
 *     project absent); shared must not be slower for either;
 * (c) the editor's shot wait: a new shot asked for by project B's editor while both projects
 *     keep all four hosts busy; its chain's wall time vs its GPU time.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_COMFY_TEMPLATES_DIR } from '../src/generators/comfyui/comfy-template-fs.js';
import { loadComfyTemplateRegistry } from '../src/generators/comfyui/comfy-template-registry.js';
import { DEFAULT_COMFY_TIMING } from '../src/generators/comfyui/comfyui-backend.js';
import type { StageRequest } from '../src/generators/generator-backend.js';
import { segmentFrames } from '../src/generators/plan-shot.js';
import { createStudioBackend } from '../src/generators/studio/studio-backend.js';
import type { StudioBackend } from '../src/generators/studio/studio-backend.js';
import { FolderStudioCache } from '../src/generators/studio/studio-cache.js';
import { createStudioStageBackend } from '../src/generators/studio/studio-stage-backend.js';
import { runStudioWorker } from '../src/pipeline/run-studio-worker.js';
import { FakeComfyUI } from '../tests/fakes/comfyui/fake-comfyui.js';
import { startStudioServers } from '../tests/studio/studio-servers.js';
import { demoShots, fakeCosts, GPU } from './gpu-costs.js';
import type { DemoShot } from './gpu-costs.js';

/** Milliseconds of fake time per GPU-second. */
const SCALE_MS = Number(process.env['FARM_BENCH_SCALE_MS'] ?? 20);
const FPS = 12;
const MAX_CLIP_FRAMES = 120;

/** GPU-seconds of one shot's chain (compute only), as the fake charges it. */
function chainGpuSeconds(shot: DemoShot): number {
  const total = Math.ceil(shot.seconds * FPS - 1e-9);
  const segments = segmentFrames({ total, maxFrames: MAX_CLIP_FRAMES });
  const video = segments.reduce((n, f) => n + f * GPU.videoFrame, 0);
  const upscale = segments.reduce(
    (n, f, i) => n + (i === 0 ? f : f - 1) * (GPU.upscaleFrame['4xNomos8kHAT-L_otf.pth'] ?? 0),
    0,
  );
  return GPU.still + video + upscale;
}

/** A farm: hosts, their workers, a Redis, a shared cache. */
interface Farm {
  readonly fakes: FakeComfyUI[];
  /** GPU compute and load time the hosts charged, and each host's time inside prompts. */
  stats(): {
    computeMs: number;
    loadMs: number;
    loads: number;
    busyMs: number[];
    /** Per worker: its jobs, and the wall time from taking each job to completing it. */
    jobs: number[];
    jobMs: number[];
  };
  backend(project: string): StudioBackend;
  close(): Promise<void>;
}

async function startFarm(options: { hosts: number; redisUrl: string; dir: string }): Promise<Farm> {
  const fakes = await Promise.all(
    Array.from({ length: options.hosts }, () =>
      new FakeComfyUI({
        mediaScale: 1 / 16,
        costs: fakeCosts(SCALE_MS),
        tickMs: 50,
        reuseMedia: true,
        overlapOwnWork: true,
      }).start(),
    ),
  );
  const templates = await loadComfyTemplateRegistry({
    dirs: [BUILTIN_COMFY_TEMPLATES_DIR],
    extra: [],
  });
  const cache = new FolderStudioCache(join(options.dir, 'studio-cache'));
  const stop = new AbortController();
  const jobs = fakes.map(() => 0);
  const jobMs = fakes.map(() => 0);
  const workers = fakes.map((fake, i) => {
    const pool = createStudioStageBackend({
      host: fake.url,
      timing: {
        ...DEFAULT_COMFY_TIMING,
        pollMs: 200,
        retryDelayMs: 50,
        maxAttempts: 1,
        batchWindowMs: 0,
      },
    });
    const done = runStudioWorker({
      redisUrl: options.redisUrl,
      name: `bench-${i}`,
      comfyui: fake.url,
      backend: pool,
      cache,
      lockMs: 30_000,
      idleMs: 20,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type !== 'job-done') return;
        jobs[i] = (jobs[i] ?? 0) + 1;
        jobMs[i] = (jobMs[i] ?? 0) + event.seconds * 1000;
      },
      now: () => new Date(),
    });
    return { pool, done };
  });
  const backends: StudioBackend[] = [];
  return {
    fakes,
    stats: () => ({
      computeMs: fakes.reduce((n, f) => n + f.stats.computeMs, 0),
      loadMs: fakes.reduce((n, f) => n + f.stats.loadMs, 0),
      loads: fakes.reduce((n, f) => n + f.stats.loads.length, 0),
      busyMs: fakes.map((f) =>
        f.stats.completed.reduce((n, c) => n + c.finishedAt - c.startedAt, 0),
      ),
      jobs,
      jobMs,
    }),
    backend: (project) => {
      const backend = createStudioBackend({
        redisUrl: options.redisUrl,
        project,
        templates,
        modelPins: {},
        cache,
        attempts: 3,
        backoffMs: 100,
      });
      backends.push(backend);
      return backend;
    },
    close: async () => {
      stop.abort();
      await Promise.all(workers.map((w) => w.done));
      for (const w of workers) w.pool.close();
      await Promise.all(backends.map((b) => b.close()));
      await Promise.all(fakes.map((f) => f.dispose()));
    },
  };
}

/** Runs every shot's chain of one project at once (as the plan runner hands them); ms when done. */
async function runProject(options: {
  backend: StudioBackend;
  project: string;
  shots: readonly DemoShot[];
  dir: string;
  run: string;
}): Promise<number> {
  const started = Date.now();
  const out = async (name: string): Promise<string> => {
    const path = join(options.dir, options.run, options.project, name);
    await mkdir(path, { recursive: true });
    return path;
  };
  const key = (shotId: string, what: string): string =>
    `${options.run}-${options.project}-${shotId}-${what}`;
  const stage = (r: StageRequest): Promise<{ file: string }> =>
    options.backend.run(r, { signal: null, onProgress: null });
  await Promise.all(
    options.shots.map(async (shot) => {
      const still = await stage({
        shotId: shot.shotId,
        stage: 'still',
        key: key(shot.shotId, 'still'),
        template: 'still-flux-lora',
        params: {
          prompt: `${options.project}: Italy, 1944, ${shot.shotId}`,
          seed: 184229719894473,
          width: 768,
          height: 432,
          loraName: 'p4rtigiano.safetensors',
          loraStrengthModel: 0.8,
          loraStrengthClip: 0.7,
        },
        inputs: {},
        outputDir: await out(`${shot.shotId}/still`),
      });
      const total = Math.ceil(shot.seconds * FPS - 1e-9);
      const segments = segmentFrames({ total, maxFrames: MAX_CLIP_FRAMES });
      const videos: string[] = [];
      for (const [i, frames] of segments.entries()) {
        const video = await stage({
          shotId: shot.shotId,
          stage: 'video',
          key: key(shot.shotId, `video${i}`),
          template: 'video-cogvideox15-i2v',
          params: {
            prompt: `${options.project}: Italy, 1944, ${shot.shotId}`,
            seed: 184229719894473,
            fps: FPS,
            frames,
            width: 768,
            height: 432,
          },
          inputs: { image: still.file },
          outputDir: await out(`${shot.shotId}/video${i}`),
        });
        videos.push(video.file);
      }
      for (const [i, frames] of segments.entries())
        await stage({
          shotId: shot.shotId,
          stage: 'upscale',
          key: key(shot.shotId, `upscale${i}`),
          template: 'upscale-omnisr-hat',
          params: { fps: FPS, trimStart: 0, trimFrames: i === 0 ? frames : frames - 1 },
          inputs: { video: videos[i] as string },
          outputDir: await out(`${shot.shotId}/upscale${i}`),
        });
    }),
  );
  return Date.now() - started;
}

const min = (ms: number): string => `${(ms / SCALE_MS / 60).toFixed(1)} GPU-min`;

export default async function farmBench(): Promise<void> {
  const shots = demoShots();
  const servers = await startStudioServers();
  const dir = await mkdtemp(join(tmpdir(), 'libero-farm-bench-'));
  try {
    const perProject = shots.reduce((n, s) => n + chainGpuSeconds(s), 0);
    const longest = Math.max(...shots.map(chainGpuSeconds));
    const loadsPerHost = Object.values(GPU.load).reduce((a, b) => a + b, 0);
    console.log(
      `two projects of ${shots.length} shots (${(perProject / 60).toFixed(1)} GPU-min each), 4 hosts; 1 GPU-s = ${SCALE_MS} ms here`,
    );

    // (b) baseline: each project alone on two hosts of its own.
    const own: number[] = [];
    for (const project of ['A', 'B']) {
      const farm = await startFarm({ hosts: 2, redisUrl: servers.redisUrl, dir });
      try {
        own.push(
          await runProject({ backend: farm.backend(project), project, shots, dir, run: 'own' }),
        );
      } finally {
        await farm.close();
      }
    }

    // (a) both projects on one farm of four hosts; (c) B's editor asks for a new shot midway.
    const farm = await startFarm({ hosts: 4, redisUrl: servers.redisUrl, dir });
    let shared: number[] = [];
    let editor: { wallMs: number; gpuMs: number } | null = null;
    let stats: ReturnType<Farm['stats']> | null = null;
    const started = Date.now();
    try {
      const a = farm.backend('A');
      const b = farm.backend('B');
      const editorShot: DemoShot = { shotId: 'new-shot', seconds: 4 };
      const editorRun = (async () => {
        await new Promise((r) => setTimeout(r, (perProject * SCALE_MS) / 4));
        b.prioritize([editorShot.shotId]);
        const wallMs = await runProject({
          backend: b,
          project: 'B',
          shots: [editorShot],
          dir,
          run: 'editor',
        });
        editor = { wallMs, gpuMs: chainGpuSeconds(editorShot) * SCALE_MS };
      })();
      shared = await Promise.all([
        runProject({ backend: a, project: 'A', shots, dir, run: 'shared' }),
        runProject({ backend: b, project: 'B', shots, dir, run: 'shared' }),
      ]);
      await editorRun;
    } finally {
      stats = farm.stats();
      if (process.env['FARM_BENCH_TRACE'] !== undefined)
        for (const [h, fake] of farm.fakes.entries()) {
          const kind = (id: string): string => {
            const prompt = fake.received.find((r) => r.promptId === id)?.prompt ?? {};
            const classes = Object.values(prompt).map((n) => String(n.class_type));
            if (classes.includes('SaveImage')) return 'S';
            return classes.includes('CogVideoSampler') ? 'V' : 'U';
          };
          const at = (ms: number): string => ((ms - started) / SCALE_MS / 60).toFixed(0);
          const line = fake.stats.completed
            .map((c) => `${kind(c.promptId)}${at(c.startedAt)}-${at(c.finishedAt)}`)
            .join(' ');
          console.log(`  host ${h}: ${line}`);
        }
      await farm.close();
    }
    const makespan = Date.now() - started;
    console.log(
      `    hosts charged ${min(stats.computeMs)} compute + ${min(stats.loadMs)} in ${stats.loads} loads; time inside prompts per host ${stats.busyMs.map(min).join(', ')}`,
    );
    const jobCount = stats.jobs.reduce((a, b) => a + b, 0);
    const outside =
      stats.jobMs.reduce((a, b) => a + b, 0) - stats.busyMs.reduce((a, b) => a + b, 0);
    console.log(
      `    ${jobCount} jobs; workers' time per job outside ComfyUI prompts (inputs, upload, queue round trips) ${(outside / jobCount).toFixed(0)} ms wall = ${(outside / jobCount / SCALE_MS).toFixed(0)} GPU-s at this scale`,
    );
    // The bound from what the hosts charged (as bench chain): compute over four hosts, one
    // load of every model per host; never less than the longest chain.
    const bound = Math.max((stats.computeMs + 4 * loadsPerHost * SCALE_MS) / 4, longest * SCALE_MS);
    console.log(
      `(a) shared farm: makespan ${min(makespan)} vs lower bound ${min(bound)} (all compute over 4 hosts + one load of each model per host, at least the longest chain ${min(longest * SCALE_MS)}) -> ${(makespan / bound).toFixed(3)}x (goal <= 1.15)`,
    );
    for (const [i, project] of ['A', 'B'].entries())
      console.log(
        `(b) project ${project}: shared 4 hosts ${min(shared[i] ?? 0)} vs 2 hosts of its own ${min(own[i] ?? 0)} -> ${((shared[i] ?? 0) / (own[i] ?? 1)).toFixed(2)}x (must be <= 1)`,
      );
    const e = editor as { wallMs: number; gpuMs: number } | null;
    if (e !== null)
      console.log(
        `(c) editor's new shot while both projects keep the farm busy: done in ${min(e.wallMs)} for ${min(e.gpuMs)} of GPU work -> waited ${min(Math.max(0, e.wallMs - e.gpuMs))} (${(e.wallMs / e.gpuMs).toFixed(2)}x its own chain)`,
      );
  } finally {
    await servers.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
