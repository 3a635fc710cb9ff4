/**
 * `libero generate` / `libero render` and `libero serve` on one project share its state store, and
 * a regen marker is one request there whichever of them sees it first: it makes exactly one new
 * take, the other makes none for it; a request stored before a CLI run was killed, or whose CLI
 * run failed, or that the service stored and never made (an API regenerate), is made once by the
 * next run. The CLI is the real entry (`node --import tsx src/cli/main.ts generate`), the service
 * the real one in this process (watcher, jobs, engine), both with the draft generator at tiny
 * sizes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { parseTimeline } from '../../src/pipeline/project.js';
import { loadOrCreateToken } from '../../src/server/auth-token.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { startServer } from '../../src/server/start-server.js';
import {
  makeTinyProject,
  saveByRename,
  TINY_CONFIG,
  tinyTimeline,
} from '../server/tiny-project.js';
import type { TinyShot } from '../server/tiny-project.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const SHOT: TinyShot = { name: 'sh010', prompt: 'a bridge over a river', frames: 12 };
const marked = (...markers: { comment: string; at: number }[]): TinyShot => ({
  ...SHOT,
  markers: markers.map((m) => ({ name: 'regen', ...m })),
});

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function project(shots: readonly TinyShot[]): Promise<string> {
  const { dir, timeline } = await makeTinyProject(shots, 'libero-cli-service-');
  dirs.push(dir);
  return timeline;
}

/** Saves a new version of the editor's timeline. */
const save = (timeline: string, shots: readonly TinyShot[]): Promise<void> =>
  saveByRename(timeline, tinyTimeline(shots));

/** `libero COMMAND...` as its own process, with the draft generator (no ComfyUI configured). */
function spawnCli(command: readonly string[]) {
  const env = { ...process.env };
  delete env['LIBERO_COMFYUI_URL'];
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...command], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `libero generate TIMELINE --json` (or another command) as the editor runs it. */
async function cliGenerate(
  timeline: string,
  command: readonly string[] = ['generate', timeline, '--json'],
): Promise<{ code: number | null; output: string }> {
  const child = spawnCli(command);
  let output = '';
  child.stdout.on('data', (c) => (output += String(c)));
  child.stderr.on('data', (c) => (output += String(c)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** Saves a version while the service runs, and waits until it loaded it and is idle again. */
type Settle = (shots: readonly TinyShot[], name: string) => Promise<void>;

/**
 * Runs `libero serve` on the timeline (in this process) until it has nothing left to do; `whileUp`
 * may save versions meanwhile.
 */
async function serveUntilIdle(
  timeline: string,
  whileUp?: (settle: Settle) => Promise<void>,
): Promise<void> {
  const configDir = await mkdtemp(join(tmpdir(), 'libero-config-'));
  dirs.push(configDir);
  const { token } = await loadOrCreateToken(configDir);
  const engine = createPipelineEngine({
    timelinePath: timeline,
    generator: { ...createDraftGenerator(process.env), concurrency: 1 },
    now: () => new Date(),
  });
  const server = await startServer({
    timelinePath: timeline,
    host: '127.0.0.1',
    port: 0,
    autoRender: false,
    engine,
    token,
    env: {},
    log: () => undefined,
    debounceMs: 60,
    concurrency: 1,
  });
  try {
    await server.service.idle();
    await whileUp?.(async (shots, name) => {
      await saveByRename(timeline, tinyTimeline(shots, name));
      const end = Date.now() + 60_000;
      const loaded = async (): Promise<string | null> => {
        const res = await fetch(`http://127.0.0.1:${server.port}/api/project`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        return ((await res.json()) as { timeline: { name: string } | null }).timeline?.name ?? null;
      };
      while ((await loaded()) !== name) {
        if (Date.now() > end) throw new Error(`version "${name}" never loaded`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await server.service.idle();
    });
    await server.service.idle();
  } finally {
    await server.close();
    engine.close();
  }
}

/** The state store's rows, read the way another process would. */
function rows<T>(timeline: string, sql: string): T[] {
  const db = new Database(join(timeline, '..', '.libero', 'state.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const takeNumbers = (timeline: string): number[] =>
  rows<{ number: number }>(timeline, 'SELECT number FROM takes ORDER BY number').map(
    (r) => r.number,
  );
const requests = (timeline: string) =>
  rows<{ source: string; regen: number; state: string; take_number: number | null }>(
    timeline,
    'SELECT source, regen, state, take_number FROM requests ORDER BY seq',
  );

/** The active take of the hand-back's one clip. */
async function activeTake(timeline: string): Promise<string> {
  const file = timeline.replace(/\.otio$/, '.conformed.otio');
  const clip = parseTimeline(await readFile(file, 'utf8'), file).findClips()[0];
  return clip?.activeMediaReferenceKey ?? '';
}

describe('regen markers seen by the CLI and the service in turn', () => {
  it('CLI then service, one marker: exactly two takes, one request done with take 2', async () => {
    const timeline = await project([SHOT]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    await save(timeline, [marked({ comment: '', at: 3 })]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(takeNumbers(timeline)).toEqual([1, 2]);
    // the service sees the marker too: it is the same request, not one more take
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toEqual([1, 2]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'done', take_number: 2 },
    ]);
  }, 120_000);

  it('service then CLI: the CLI makes no take for a marker the service answered, and makes one for a new marker', async () => {
    const timeline = await project([SHOT]);
    await serveUntilIdle(timeline, async (settle) => {
      // marker A, removed, then marker B: the service makes takes 2 and 3
      await settle([marked({ comment: '', at: 2 })], 'A');
      await settle([SHOT], 'A removed');
      await settle([marked({ comment: '', at: 9 })], 'B');
    });
    expect(takeNumbers(timeline)).toEqual([1, 2, 3]);
    const plain = ['generate', timeline];
    const answered = await cliGenerate(timeline, plain);
    expect(answered.code).toBe(0);
    // nothing to regenerate is reported either (B's offset 2 then and now)
    expect(answered.output).not.toMatch(/sh010\s+regenerate/);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3]);
    expect(await activeTake(timeline)).toBe('take-003');
    // B removed and C added, seen first by the CLI: one new take, not take 2 again
    await save(timeline, [marked({ comment: '', at: 5 })]);
    const fresh = await cliGenerate(timeline, plain);
    expect(fresh.code).toBe(0);
    expect(fresh.output).toMatch(/sh010\s+regenerate/);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3, 4]);
    expect(await activeTake(timeline)).toBe('take-004');
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3, 4]);
    expect(requests(timeline).map((r) => [r.regen, r.state, r.take_number])).toEqual([
      [1, 'done', 2],
      [2, 'done', 3],
      [3, 'done', 4],
    ]);
  }, 180_000);

  it('CLI twice with the same marker: one new take; marker A, then A removed and B added: takes 2 and 3', async () => {
    const timeline = await project([SHOT]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    await save(timeline, [marked({ comment: '', at: 3 })]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(takeNumbers(timeline)).toEqual([1, 2]);
    await save(timeline, [marked({ comment: '', at: 7 })]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3]);
    expect(await activeTake(timeline)).toBe('take-003');
    expect(requests(timeline).map((r) => [r.regen, r.state, r.take_number])).toEqual([
      [1, 'done', 2],
      [2, 'done', 3],
    ]);
  }, 180_000);

  it('a regen note that names a seed: one take, the seed as written, in the CLI and the service', async () => {
    const timeline = await project([SHOT]);
    await save(timeline, [marked({ comment: 'seed: 42', at: 2 })]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    const seeds = (t: string) =>
      rows<{ seed: number }>(t, 'SELECT seed FROM takes ORDER BY number').map((r) => r.seed);
    expect(seeds(timeline)).toEqual([42]);
    await serveUntilIdle(timeline);
    expect(seeds(timeline)).toEqual([42]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'done', take_number: 1 },
    ]);
    // the service seeing such a marker first makes one take too
    const served = await project([SHOT]);
    await serveUntilIdle(served, (settle) =>
      settle([marked({ comment: 'seed: 42', at: 2 })], 'seeded'),
    );
    // take 1 before the marker (the shot's own seed), take 2 the marker's: 42, and no third
    expect(seeds(served)).toHaveLength(2);
    expect(seeds(served)[1]).toBe(42);
  }, 120_000);

  it("two new markers at once: a take each; libero render makes a new marker's take the same way", async () => {
    const timeline = await project([SHOT]);
    await save(timeline, [marked({ comment: '', at: 2 }, { comment: 'more smoke', at: 6 })]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    // offsets 1 and 2: the shot's plan makes the newest marker's take, the older marker its own
    expect(takeNumbers(timeline)).toEqual([1, 2]);
    expect(requests(timeline).map((r) => [r.regen, r.state, r.take_number])).toEqual([
      [1, 'done', 2],
      [2, 'done', 1],
    ]);
    await save(timeline, [
      marked({ comment: '', at: 2 }, { comment: 'more smoke', at: 6 }, { comment: '', at: 9 }),
    ]);
    const output = join(timeline, '..', 'out', 'cut.mp4');
    const render = await cliGenerate(timeline, [
      'render',
      timeline,
      '-o',
      output,
      '--size',
      '64x36',
      '--json',
    ]);
    expect(render.code, render.output).toBe(0);
    expect(existsSync(output)).toBe(true);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3]);
    expect(requests(timeline).map((r) => [r.regen, r.state, r.take_number])).toEqual([
      [1, 'done', 2],
      [2, 'done', 1],
      [3, 'done', 3],
    ]);
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toEqual([1, 2, 3]);
  }, 180_000);

  it("an API regenerate the service stored but never made: the next CLI run makes it once, as the editor's choice", async () => {
    const timeline = await project([SHOT]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    // the service stores the panel's request (before its 202), then stops before its job ran
    const engine = createPipelineEngine({
      timelinePath: timeline,
      generator: { ...createDraftGenerator(process.env), concurrency: 1 },
      now: () => new Date(),
    });
    const loaded = await engine.load({
      timelineText: await readFile(timeline, 'utf8'),
      configText: TINY_CONFIG,
    });
    engine.addRequest({
      project: loaded,
      shotId: 'sh010',
      source: 'api',
      regenerate: { prompt: 'a bridge at night' },
    });
    engine.close();
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(requests(timeline)).toEqual([
      { source: 'api', regen: 0, state: 'done', take_number: 2 },
    ]);
    expect(
      rows<{ prompt: string }>(timeline, 'SELECT prompt FROM takes WHERE number = 2')[0]?.prompt,
    ).toMatch(/a bridge at night/);
    expect(rows(timeline, 'SELECT shot_id, number FROM choices')).toEqual([
      { shot_id: 'sh010', number: 2 },
    ]);
    expect(await activeTake(timeline)).toBe('take-002');
    expect((await cliGenerate(timeline)).code).toBe(0);
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toEqual([1, 2]);
  }, 180_000);

  it('a CLI run killed before its GPU work leaves the request stored; the service makes its take once', async () => {
    const timeline = await project([SHOT]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    await save(timeline, [marked({ comment: 'rain', at: 4 })]);
    const child = spawnCli(['generate', timeline]);
    let out = '';
    child.stdout.on('data', (c) => {
      out += String(c);
      // planned: the step count is printed just before the first step starts
      if (/step\(s\) to run/.test(out)) child.kill('SIGKILL');
    });
    const signal = await new Promise((resolve) => child.once('exit', (_, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    expect(takeNumbers(timeline)).toEqual([1]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'pending', take_number: null },
    ]);
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toEqual([1, 2]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'done', take_number: 2 },
    ]);
  }, 120_000);

  it('--shot leaves the requests of the other shots pending, for the next run that has them', async () => {
    const other: TinyShot = { name: 'sh020', prompt: 'a mountain path', frames: 12 };
    const timeline = await project([marked({ comment: '', at: 3 }), other]);
    const only = await cliGenerate(timeline, ['generate', timeline, '--shot', 'sh020', '--json']);
    expect(only.code).toBe(0);
    expect(rows(timeline, 'SELECT shot_id, number FROM takes')).toEqual([
      { shot_id: 'sh020', number: 1 },
    ]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'pending', take_number: null },
    ]);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'done', take_number: 1 },
    ]);
    expect(rows(timeline, 'SELECT shot_id, number FROM takes ORDER BY shot_id')).toEqual([
      { shot_id: 'sh010', number: 1 },
      { shot_id: 'sh020', number: 1 },
    ]);
  }, 120_000);

  it('a failed CLI run leaves its request failed, and the next run makes it (its note kept after the marker is gone)', async () => {
    // an odd still width cannot be encoded as H.264: the shot's video step fails in ffmpeg
    const odd = async (width: number, shot: TinyShot): Promise<void> => {
      const text = JSON.parse(tinyTimeline([shot])) as {
        tracks: { children: { children: { metadata: { libero: Record<string, unknown> } }[] }[] };
      };
      const clip = text.tracks.children[0]!.children[0]!;
      clip.metadata.libero = { ...clip.metadata.libero, width, height: 144 };
      await writeFile(timeline, JSON.stringify(text));
    };
    const timeline = await project([SHOT]);
    await odd(255, marked({ comment: 'more fog', at: 4 }));
    const failed = await cliGenerate(timeline);
    expect(failed.code).not.toBe(0);
    expect(takeNumbers(timeline)).toEqual([]);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'failed', take_number: null },
    ]);
    // the editor fixes the width and removes the marker; the next run still makes its take
    await odd(256, SHOT);
    expect((await cliGenerate(timeline)).code).toBe(0);
    expect(requests(timeline)).toEqual([
      { source: 'marker', regen: 1, state: 'done', take_number: expect.any(Number) },
    ]);
    const prompts = rows<{ number: number; prompt: string }>(
      timeline,
      'SELECT number, prompt FROM takes ORDER BY number',
    );
    const made = requests(timeline)[0]!.take_number;
    expect(prompts.find((t) => t.number === made)?.prompt).toMatch(
      /a bridge over a river.*more fog/,
    );
    // the service has nothing left to retry
    const count = prompts.length;
    await serveUntilIdle(timeline);
    expect(takeNumbers(timeline)).toHaveLength(count);
  }, 180_000);
});
