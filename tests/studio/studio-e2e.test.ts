/**
 * Studio mode end to end, every piece a real process or server: one Redis, one PostgreSQL, two
 * fake ComfyUI hosts each with its own `libero worker`, and two `libero serve` on two copies of
 * the demo trailer (`libero init trailer`). Both trailers complete; no stage runs twice anywhere
 * (the copies share content keys, so project B's batch is project A's jobs); the editor's regen
 * in B runs before A's waiting batch; a worker killed with SIGKILL mid-video loses nothing
 * (another worker finishes the stage); A's service killed mid-run resumes from PostgreSQL.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readFarmStatus } from '../../src/generators/studio/farm-status.js';
import { studioProjectId } from '../../src/generators/studio/studio-project-id.js';
import { initProject } from '../../src/pipeline/init-project.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import type { ProjectResponse } from '../../src/server/api-contract.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { TINY } from '../comfyui/comfy-test-kit.js';
import { startStudioServers } from './studio-servers.js';
import type { StudioServers } from './studio-servers.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A `libero` child process and its output, line by line, with the time each line arrived. */
interface Proc {
  readonly child: ChildProcess;
  readonly lines: Array<{ at: number; seq: number; text: string }>;
  readonly err: () => string;
}

let seq = 0;
function libero(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Proc['lines'] = [];
  let partial = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ at: Date.now(), seq: (seq += 1), text });
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, lines, err: () => err };
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function kill(proc: Proc, signal: NodeJS.Signals): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.child.kill(signal);
  await exited;
}

/** A running service: its URL and token from the panel line. */
interface Service extends Proc {
  readonly url: string;
  readonly token: string;
}

async function serve(timeline: string, env: NodeJS.ProcessEnv): Promise<Service> {
  const proc = libero(['serve', timeline, '--port', '0', '--debounce-ms', '50'], env);
  let found: RegExpExecArray | null = null;
  await until(
    'libero serve prints its panel URL',
    () => {
      if (proc.child.exitCode !== null) throw new Error(`libero serve exited: ${proc.err()}`);
      found = /libero serve: panel at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(
        proc.lines.map((l) => l.text).join('\n'),
      );
      return found !== null;
    },
    60_000,
  );
  const [, url, token] = found as unknown as [string, string, string];
  return { ...proc, url, token };
}

async function project(service: Service): Promise<ProjectResponse | null> {
  const res = await fetch(`${service.url}/api/project`, {
    headers: { Authorization: `Bearer ${service.token}` },
  }).catch(() => null);
  return res?.status === 200 ? ProjectResponseSchema.parse(await res.json()) : null;
}

const allDone = async (service: Service): Promise<boolean> => {
  const p = await project(service);
  return (
    p !== null &&
    p.shots.length > 0 &&
    p.shots.every((s) => s.status === 'done' || s.status === 'needs-prompt')
  );
};

/** `job-started` lines of the workers: job id prefix, stage, project, shot. */
function starts(workers: Proc[]) {
  return workers
    .flatMap((w, worker) =>
      w.lines.flatMap((l) => {
        const m = /^(\w{12}) (still|video|upscale) of (\S+)\/(\S+) \(attempt/.exec(l.text);
        return m === null
          ? []
          : [
              {
                seq: l.seq,
                at: l.at,
                worker,
                id: m[1]!,
                stage: m[2]!,
                project: m[3]!,
                shot: m[4]!,
              },
            ];
      }),
    )
    .sort((a, b) => a.seq - b.seq);
}

const dones = (workers: Proc[]) =>
  workers.flatMap((w) => w.lines.flatMap((l) => /^(\w{12}) done in/.exec(l.text)?.[1] ?? []));

describe('studio mode: two services, two workers, one Redis, one PostgreSQL', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('completes both trailers once each stage, with priority, a dead worker and a restart', async () => {
    const servers: StudioServers = await startStudioServers();
    cleanup.push(() => servers.stop());
    // Videos slow enough (about 1 s) to kill a worker in the middle of one.
    const fakes = await Promise.all(
      [0, 1].map(() =>
        new FakeComfyUI({ ...TINY, costs: { ...TINY.costs, videoFrameMs: 25 } }).start(),
      ),
    );
    cleanup.push(async () => void (await Promise.all(fakes.map((f) => f.dispose()))));
    const scratch = await mkdtemp(join(tmpdir(), 'libero-studio-e2e-'));
    cleanup.push(() => rm(scratch, { recursive: true, force: true }));
    const dirA = join(scratch, 'a', 'trailer');
    const dirB = join(scratch, 'b', 'trailer');
    // The state lived in PostgreSQL, not in a SQLite file beside the timeline.
    for (const dir of [dirA, dirB])
      expect(existsSync(join(dir, '.libero', 'state.db'))).toBe(false);
    for (const dir of [dirA, dirB]) {
      await initProject({ template: 'trailer', dir, force: false });
      // Take QC and look matching are not what this test is about: spare the two cores.
      const file = join(dir, 'libero.json');
      const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      await writeFile(
        file,
        JSON.stringify({ ...config, qc: { enabled: false }, look: { match: false } }, null, 2),
      );
    }
    const idA = studioProjectId({ dir: dirA, configured: null });
    const idB = studioProjectId({ dir: dirB, configured: null });
    const env = {
      LIBERO_REDIS_URL: servers.redisUrl,
      LIBERO_DATABASE_URL: servers.databaseUrl,
      LIBERO_STUDIO_CACHE: join(scratch, 'studio-cache'),
      LIBERO_CONFIG_DIR: join(scratch, 'config'),
    };
    const procs: Proc[] = [];
    cleanup.push(async () => void (await Promise.all(procs.map((p) => kill(p, 'SIGKILL')))));
    const worker = (name: string, fake: FakeComfyUI): Proc => {
      const p = libero(['worker', '--comfyui', fake.url, '--name', name, '--lock-ms', '1500'], env);
      procs.push(p);
      return p;
    };
    const workers = [worker('w1', fakes[0]!), worker('w2', fakes[1]!)];
    const serviceA = await serve(join(dirA, 'trailer.otio'), env);
    procs.push(serviceA);

    // A worker dies with SIGKILL in the middle of a video; a fresh one takes its place later.
    await until(
      'w1 runs a video',
      () => starts([workers[0]!]).some((s) => s.stage === 'video'),
      120_000,
    );
    const killed = starts([workers[0]!]).find((s) => s.stage === 'video')!;
    await new Promise((r) => setTimeout(r, 200));
    await kill(workers[0]!, 'SIGKILL');
    expect(dones([workers[0]!])).not.toContain(killed.id);

    // Project B comes up while A's batch is under way; its editor asks for a new take of sc03.
    const serviceB = await serve(join(dirB, 'trailer.otio'), env);
    procs.push(serviceB);
    // B's first take of sc03 (A's jobs or the studio cache: same content keys), then a new one.
    await until(
      'B has a take of sc03',
      async () =>
        ((await project(serviceB))?.shots.find((s) => s.id === 'sc03')?.takes.length ?? 0) > 0,
      120_000,
    );
    const requestedAt = seq;
    const res = await fetch(`${serviceB.url}/api/shots/sc03/regenerate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${serviceB.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ seed: 42 }),
    });
    expect(res.status).toBe(202);
    // When B's regen job is in the queue (any worker picks the most urgent job next).
    let queuedAt = 0;
    await until(
      "B's regen is queued",
      async () => {
        const farm = await readFarmStatus({ redisUrl: servers.redisUrl, limit: 100 });
        queuedAt = seq;
        return farm.queues.some((q) => q.jobs.some((j) => j.project === idB));
      },
      60_000,
    );
    workers.push(worker('w3', fakes[0]!));

    // A's service is killed mid-run and started again: it resumes from PostgreSQL.
    await until(
      'A has finished some shots, not all',
      async () => {
        const shots = (await project(serviceA))?.shots ?? [];
        return shots.filter((s) => s.status === 'done').length >= 2;
      },
      120_000,
    );
    const aDoneBefore = !(await allDone(serviceA));
    await kill(serviceA, 'SIGKILL');
    const serviceA2 = await serve(join(dirA, 'trailer.otio'), env);
    procs.push(serviceA2);

    await until(
      'both trailers complete',
      async () => (await allDone(serviceA2)) && (await allDone(serviceB)),
      240_000,
    );
    await until(
      'B has two takes of sc03',
      async () => {
        const sc03 = (await project(serviceB))?.shots.find((s) => s.id === 'sc03');
        return (sc03?.takes.length ?? 0) === 2;
      },
      60_000,
    );
    expect(aDoneBefore).toBe(true);
    for (const dir of [dirA, dirB])
      expect(existsSync(join(dir, 'trailer.conformed.otio'))).toBe(true);

    const started = starts(workers);
    // No stage runs twice anywhere: one start per job, the killed video's second start aside.
    const counts = new Map<string, number>();
    for (const s of started) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
    for (const [id, n] of counts) expect([id, n]).toEqual([id, id === killed.id ? 2 : 1]);
    // The killed video was finished by another worker, once.
    const redo = started.filter((s) => s.id === killed.id);
    expect(redo.map((s) => s.worker)).toHaveLength(2);
    expect(redo[1]!.worker).not.toBe(0);
    expect(dones(workers).filter((id) => id === killed.id)).toHaveLength(1);
    // B's regen: a new still, video and upscale of sc03, made for B.
    const bJobs = started.filter(
      (s) => s.project === idB && s.shot === 'sc03' && s.seq > requestedAt,
    );
    expect(bJobs.map((s) => s.stage).slice(0, 3)).toEqual(['still', 'video', 'upscale']);
    // The editor's regen (B's sc03 still) jumps ahead of A's batch: A still had work waiting
    // when it was queued, and no A job started between its queueing and its start (one may
    // slip in while the farm was being read).
    const regenStill = bJobs[0]!;
    expect(regenStill.stage).toBe('still');
    expect(
      started.filter((s) => s.project === idA && s.seq > regenStill.seq).length,
    ).toBeGreaterThan(0);
    const aJumped = started.filter(
      (s) => s.project === idA && s.seq > queuedAt && s.seq < regenStill.seq,
    );
    expect(aJumped.length).toBeLessThanOrEqual(1);

    // PostgreSQL holds one truth: one take per shot for A (nothing redone after the restart),
    // nothing left running, two takes of sc03 for B.
    const db = new pg.Client({ connectionString: servers.databaseUrl });
    await db.connect();
    const takes = await db.query<{ project: string; shot_id: string; n: string }>(
      'SELECT project, shot_id, COUNT(*) AS n FROM takes GROUP BY project, shot_id',
    );
    const aTakes = takes.rows.filter((r) => r.project === idA);
    expect(aTakes.length).toBeGreaterThanOrEqual(9);
    expect(aTakes.every((r) => Number(r.n) === 1)).toBe(true);
    expect(takes.rows.find((r) => r.project === idB && r.shot_id === 'sc03')?.n).toBe('2');
    const running = await db.query("SELECT key FROM jobs WHERE state IN ('running', 'queued')");
    expect(running.rows).toEqual([]);
    await db.end();
  }, 600_000);
});
