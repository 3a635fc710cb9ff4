/**
 * The studio farm in one process: two real BullMQ workers, each in front of its own fake
 * ComfyUI host, a real Redis, a shared cache folder, and a studio backend per project.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_COMFY_TEMPLATES_DIR } from '../../src/generators/comfyui/comfy-template-fs.js';
import { loadComfyTemplateRegistry } from '../../src/generators/comfyui/comfy-template-registry.js';
import type { ComfyTemplateRegistry } from '../../src/generators/comfyui/comfy-template-registry.js';
import type { StageKind } from '../../src/generators/generator-backend.js';
import { readFarmStatus } from '../../src/generators/studio/farm-status.js';
import { redisConnection } from '../../src/generators/studio/stage-queues.js';
import { createStudioBackend } from '../../src/generators/studio/studio-backend.js';
import type { StudioBackend } from '../../src/generators/studio/studio-backend.js';
import { FolderStudioCache } from '../../src/generators/studio/studio-cache.js';
import {
  createStudioStageBackend,
  jobTemplateFiles,
} from '../../src/generators/studio/studio-stage-backend.js';
import { runStudioWorker } from '../../src/pipeline/run-studio-worker.js';
import {
  formatFarm,
  studioDoctorChecks,
  studioFarmStatus,
} from '../../src/pipeline/studio-farm.js';
import type { StudioWorkerEvent } from '../../src/pipeline/run-studio-worker.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import {
  comfyKit,
  NO_OPTIONS,
  stageRequest,
  TEST_TIMING,
  TINY,
} from '../comfyui/comfy-test-kit.js';
import type { ComfyKit } from '../comfyui/comfy-test-kit.js';
import { startStudioServers } from './studio-servers.js';
import type { StudioServers } from './studio-servers.js';

let servers: StudioServers;
let kit: ComfyKit;
let cache: FolderStudioCache;
let scratch: string;
const backends: StudioBackend[] = [];
const running: Array<{ stop: AbortController; done: Promise<void> }> = [];

beforeAll(async () => {
  servers = await startStudioServers();
  kit = await comfyKit(2);
  scratch = await mkdtemp(join(tmpdir(), 'libero-farm-'));
  cache = new FolderStudioCache(join(scratch, 'studio-cache'));
});
afterEach(async () => {
  for (const w of running.splice(0)) w.stop.abort();
  await Promise.all(running.map((w) => w.done));
});
afterAll(async () => {
  for (const w of running.splice(0)) w.stop.abort();
  await Promise.all(backends.map((b) => b.close()));
  await kit?.close();
  await servers?.stop();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

/** Starts a worker in front of fake host `index` (or that host); its events go into `events`. */
function startWorker(index: number | FakeComfyUI, events: StudioWorkerEvent[]): void {
  const fake = typeof index === 'number' ? kit.fakes[index] : index;
  if (fake === undefined) throw new Error(`no fake host ${String(index)}`);
  const stop = new AbortController();
  const done = runStudioWorker({
    redisUrl: servers.redisUrl,
    name: typeof index === 'number' ? `worker-${index}` : 'worker-own',
    comfyui: fake.url,
    backend: createStudioStageBackend({
      host: fake.url,
      timing: { ...TEST_TIMING, maxAttempts: 1 },
    }),
    cache,
    lockMs: 2_000,
    idleMs: 30,
    signal: stop.signal,
    onEvent: (e) => events.push(e),
    now: () => new Date(),
  });
  running.push({ stop, done });
}

function backendFor(
  project: string,
  own: { templates?: ComfyTemplateRegistry; modelPins?: Record<string, string> } = {},
): StudioBackend {
  const backend = createStudioBackend({
    redisUrl: servers.redisUrl,
    project,
    templates: own.templates ?? kit.templates,
    modelPins: own.modelPins ?? {},
    cache,
    attempts: 3,
    backoffMs: 100,
  });
  backends.push(backend);
  return backend;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met within 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let n = 0;
async function request(options: {
  shotId: string;
  stage: StageKind;
  key: string;
  inputs?: Record<string, string>;
}) {
  const outputDir = join(scratch, 'out', `${(n += 1)}`);
  await mkdir(outputDir, { recursive: true });
  return {
    ...stageRequest({
      shotId: options.shotId,
      stage: options.stage,
      outputDir,
      inputs: options.inputs ?? {},
    }),
    key: options.key,
  };
}

const started = (events: StudioWorkerEvent[]) =>
  events.flatMap((e) => (e.type === 'job-started' ? [`${e.project}/${e.shotId}`] : []));

describe('studio farm (BullMQ on a real Redis, two workers on fake ComfyUI hosts)', () => {
  it('runs a chain through the farm and one content key once across the studio', async () => {
    const events: StudioWorkerEvent[] = [];
    startWorker(0, events);
    startWorker(1, events);
    const a = backendFor('proj-a');
    const b = backendFor('proj-b');
    const before = kit.fakes.reduce((sum, f) => sum + f.received.length, 0);
    // Two projects ask for the same still at once: one job, one prompt, two copies.
    const [fromA, fromB] = await Promise.all([
      a.run(await request({ shotId: 's1', stage: 'still', key: 'k1still' }), NO_OPTIONS),
      b.run(await request({ shotId: 's1', stage: 'still', key: 'k1still' }), NO_OPTIONS),
    ]);
    expect(existsSync(fromA.file) && existsSync(fromB.file)).toBe(true);
    expect(fromA.file.endsWith('k1still.png')).toBe(true);
    const video = await a.run(
      await request({
        shotId: 's1',
        stage: 'video',
        key: 'k1video',
        inputs: { image: fromA.file },
      }),
      NO_OPTIONS,
    );
    const upscale = await a.run(
      await request({ shotId: 's1', stage: 'upscale', key: 'k1up', inputs: { video: video.file } }),
      NO_OPTIONS,
    );
    expect(existsSync(upscale.file)).toBe(true);
    expect(kit.fakes.map((f) => f.url)).toContain(upscale.host);
    expect(upscale.provenance['studio']).toMatchObject({ cached: false });
    const after = kit.fakes.reduce((sum, f) => sum + f.received.length, 0);
    expect(started(events)).toHaveLength(3);
    expect(after - before).toBeGreaterThanOrEqual(3);
    // Asked again later (another project): from the studio cache, no job at all.
    const again = await b.run(
      await request({ shotId: 's9', stage: 'video', key: 'k1video' }),
      NO_OPTIONS,
    );
    expect(again.provenance['studio']).toMatchObject({ cached: true });
    expect(started(events)).toHaveLength(3);
    // The studio cache lost the still (a cleaned folder): BullMQ's kept job is run again.
    await rm(join(cache.location, 'k1', 'k1still.png'));
    const remade = await b.run(
      await request({ shotId: 's1', stage: 'still', key: 'k1still' }),
      NO_OPTIONS,
    );
    expect(existsSync(remade.file)).toBe(true);
    expect(started(events)).toHaveLength(4);
  });

  it('fails a job that is not a libero stage request at once, without more attempts', async () => {
    const events: StudioWorkerEvent[] = [];
    startWorker(1, events);
    const queue = new Queue('libero-still', { connection: redisConnection(servers.redisUrl) });
    const job = await queue.add(
      'still',
      { v: 1, project: 'x' },
      { jobId: 'bogus', attempts: 3, priority: 1 },
    );
    await until(async () => (await job.getState()) === 'failed');
    const failed = await Job.fromId(queue, 'bogus');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(
      /studio job bogus has the job shape v1; this worker reads v2/,
    );
    const shapeless = await queue.add(
      'still',
      { v: 2, project: 'x' },
      { jobId: 'bogus2', attempts: 3, priority: 1 },
    );
    await until(async () => (await shapeless.getState()) === 'failed');
    expect((await Job.fromId(queue, 'bogus2'))?.failedReason).toMatch(
      /studio job bogus2 does not carry a libero stage request/,
    );
    await queue.close();
  });

  it("shares batch work round-robin between projects and puts the editor's request first", async () => {
    const a = backendFor('proj-c');
    const b = backendFor('proj-d');
    // No worker yet: everything waits in the still queue.
    const runs: Array<Promise<unknown>> = [];
    for (const shot of ['a1', 'a2', 'a3', 'a4'])
      runs.push(
        a.run(await request({ shotId: shot, stage: 'still', key: `rr-${shot}` }), NO_OPTIONS),
      );
    await new Promise((r) => setTimeout(r, 300));
    for (const shot of ['b1', 'b2'])
      runs.push(
        b.run(await request({ shotId: shot, stage: 'still', key: `rr-${shot}` }), NO_OPTIONS),
      );
    b.prioritize(['b9']);
    runs.push(b.run(await request({ shotId: 'b9', stage: 'still', key: 'rr-b9' }), NO_OPTIONS));
    await new Promise((r) => setTimeout(r, 300));
    const farm = await readFarmStatus({ redisUrl: servers.redisUrl, limit: 20 });
    const still = farm.queues.find((q) => q.stage === 'still');
    expect(
      still?.jobs.filter((j) => j.state === 'waiting').map((j) => `${j.project}/${j.shotId}`),
    ).toEqual([
      'proj-d/b9',
      'proj-c/a1',
      'proj-d/b1',
      'proj-c/a2',
      'proj-d/b2',
      'proj-c/a3',
      'proj-c/a4',
    ]);
    const events: StudioWorkerEvent[] = [];
    startWorker(0, events);
    await Promise.all(runs);
    expect(started(events)).toEqual([
      'proj-d/b9',
      'proj-c/a1',
      'proj-d/b1',
      'proj-c/a2',
      'proj-d/b2',
      'proj-c/a3',
      'proj-c/a4',
    ]);
    const seen = await readFarmStatus({ redisUrl: servers.redisUrl, limit: 20 });
    expect(seen.workers.map((w) => w.name)).toEqual(['worker-0']);
  });
});

describe("a worker runs the project's template and model pins, carried by the job", () => {
  it('binds the project override of a built-in template and resolves models by its pins', async () => {
    // The project's own still-flux-lora: the built-in one with guidance 2.5 instead of 3.5.
    const own = join(scratch, 'project-templates');
    await mkdir(own, { recursive: true });
    const name = 'still-flux-lora';
    await copyFile(
      join(BUILTIN_COMFY_TEMPLATES_DIR, `${name}.manifest.json`),
      join(own, `${name}.manifest.json`),
    );
    const workflow = JSON.parse(
      await readFile(join(BUILTIN_COMFY_TEMPLATES_DIR, `${name}.json`), 'utf8'),
    ) as Record<string, { class_type: string; inputs: Record<string, unknown> }>;
    const guidance = Object.values(workflow).find((n) => n.class_type === 'FluxGuidance');
    if (guidance === undefined) throw new Error('the built-in still has no FluxGuidance');
    guidance.inputs['guidance'] = 2.5;
    await writeFile(join(own, `${name}.json`), JSON.stringify(workflow));
    const templates = await loadComfyTemplateRegistry({
      dirs: [own, BUILTIN_COMFY_TEMPLATES_DIR],
      extra: [],
    });
    expect(templates.get(name).version).not.toBe(kit.templates.get(name).version);
    // A host that keeps two FLUX files of one stem: only the project's pin says which.
    const host = await new FakeComfyUI({
      ...TINY,
      modelFolders: {
        diffusion_models: ['flux1-dev.safetensors', 'fp8/flux1-dev.safetensors'],
      },
    }).start();
    try {
      const events: StudioWorkerEvent[] = [];
      startWorker(host, events);
      const project = backendFor('proj-own', {
        templates,
        modelPins: { 'flux1-dev': 'fp8/flux1-dev.safetensors' },
      });
      const still = await project.run(
        await request({ shotId: 'o1', stage: 'still', key: 'own-still' }),
        NO_OPTIONS,
      );
      expect(existsSync(still.file)).toBe(true);
      const posted = Object.values(host.received.at(-1)?.prompt ?? {});
      expect(posted.find((n) => n.class_type === 'FluxGuidance')?.inputs?.['guidance']).toBe(2.5);
      expect(posted.find((n) => n.class_type === 'UNETLoader')?.inputs?.['unet_name']).toBe(
        'fp8/flux1-dev.safetensors',
      );
      // The same request from a project on the built-in template is another job: 3.5 again.
      const builtIn = backendFor('proj-builtin');
      await builtIn.run(
        await request({ shotId: 'o1', stage: 'still', key: 'builtin-still' }),
        NO_OPTIONS,
      );
      const again = Object.values(host.received.at(-1)?.prompt ?? {});
      expect(again.find((n) => n.class_type === 'FluxGuidance')?.inputs?.['guidance']).toBe(3.5);
    } finally {
      for (const w of running.splice(0)) w.stop.abort();
      await Promise.all(running.map((w) => w.done));
      await host.dispose();
    }
  });

  it('refuses a job whose template is not the version it names, at once', async () => {
    const events: StudioWorkerEvent[] = [];
    startWorker(1, events);
    const template = kit.templates.get('still-flux-lora');
    const queue = new Queue('libero-still', { connection: redisConnection(servers.redisUrl) });
    const job = await queue.add(
      'still',
      {
        v: 2,
        project: 'x',
        shotId: 't1',
        stage: 'still',
        key: 'tampered',
        template: template.name,
        templateFiles: { ...jobTemplateFiles(template), version: 'not-the-planned-version' },
        modelPins: {},
        params: {},
        inputs: {},
        editor: true,
      },
      { jobId: 'tampered', attempts: 3, priority: 1 },
    );
    await until(async () => (await job.getState()) === 'failed');
    const failed = await Job.fromId(queue, 'tampered');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(
      /COMFY_TEMPLATE_INVALID: studio job tampered names template "still-flux-lora" version not-the-planned-version/,
    );
    await queue.close();
  });

  it('replaces a waiting job an older libero queued under the same key', async () => {
    const queue = new Queue('libero-still', { connection: redisConnection(servers.redisUrl) });
    await queue.add(
      'still',
      { v: 1, project: 'old', shotId: 'u1', stage: 'still', key: 'upgraded', template: 'x' },
      { jobId: 'upgraded', priority: 1 },
    );
    const events: StudioWorkerEvent[] = [];
    const run = backendFor('proj-new').run(
      await request({ shotId: 'u1', stage: 'still', key: 'upgraded' }),
      NO_OPTIONS,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect((await Job.fromId(queue, 'upgraded'))?.data).toMatchObject({
      v: 2,
      project: 'proj-new',
    });
    startWorker(0, events);
    expect(existsSync((await run).file)).toBe(true);
    await queue.close();
  });
});

describe('libero doctor and status --farm in studio mode', () => {
  it('checks Redis, PostgreSQL, the cache and the workers, and names what does not answer', async () => {
    const events: StudioWorkerEvent[] = [];
    startWorker(0, events);
    await until(async () => events.some((e) => e.type === 'ready'));
    const env = {
      LIBERO_REDIS_URL: servers.redisUrl,
      LIBERO_DATABASE_URL: servers.databaseUrl,
      LIBERO_STUDIO_CACHE: cache.location,
    };
    const ok = await studioDoctorChecks({ env, config: null });
    expect(ok.map((c) => [c.name, c.ok])).toEqual([
      ['studio redis', true],
      ['studio workers', true],
      ['studio database', true],
      ['studio cache', true],
    ]);
    expect(ok[1]?.detail).toContain(`worker-0 -> ${kit.fakes[0]?.url}`);
    const farm = formatFarm(await studioFarmStatus({ env, config: null, limit: 10 }));
    expect(farm[0]).toMatch(
      /^libero-still: 0 running, 0 waiting, \d+ retrying, \d+ failed, \d+ done$/,
    );
    expect(farm).toContain(`  worker-0 -> ${kit.fakes[0]?.url}: idle`);
    const dead = await studioDoctorChecks({
      env: {
        LIBERO_REDIS_URL: 'redis://127.0.0.1:1',
        LIBERO_DATABASE_URL: 'postgres://libero:pw@127.0.0.1:1/libero',
      },
      config: null,
    });
    expect(dead.map((c) => [c.name, c.ok])).toEqual([
      ['studio redis', false],
      ['studio database', false],
      ['studio cache', false],
    ]);
    expect(dead[0]?.detail).toMatch(/^redis:\/\/127\.0\.0\.1:1: /);
    expect(dead[1]?.detail).toMatch(/^postgres:\/\/libero@127\.0\.0\.1:1\/libero: /);
    expect(dead[2]?.detail).toContain('LIBERO_STUDIO_CACHE');
  });

  it('no studio settings: no studio lines, and status --farm says what to set', async () => {
    expect(await studioDoctorChecks({ env: {}, config: null })).toEqual([]);
    await expect(studioFarmStatus({ env: {}, config: null, limit: 1 })).rejects.toThrow(
      /LIBERO_REDIS_URL/,
    );
  });
});
