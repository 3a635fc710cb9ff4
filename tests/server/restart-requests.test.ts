/**
 * A restart finishes what the editor asked for: regen markers on four shots, `libero serve` (its
 * own process) SIGKILLed while the four new takes are in flight (one done), two markers cleared
 * by the editor while it is down, started again: the other three are made, each shot ends with exactly one new take (none twice), and every stored
 * request is done.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { shotState, startService, until } from './serve-process.js';
import type { Service } from './serve-process.js';
import { makeTinyProject, saveByRename, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const SHOTS: TinyShot[] = ['sh010', 'sh020', 'sh030', 'sh040'].map((name, i) => ({
  name,
  prompt: `a street in the rain, ${name}`,
  // long enough that the four new takes are still being made when the service is killed
  frames: 96 + 48 * i,
}));

async function takeCounts(service: Service): Promise<number[]> {
  return Promise.all(
    SHOTS.map(async (s) => (await shotState(service, s.name))?.takes.length ?? -1),
  );
}

describe('libero serve SIGKILLed with four marker requests in flight', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('makes exactly the four new takes after the restart, none twice', async () => {
    const { dir, timeline } = await makeTinyProject(SHOTS);
    const configDir = await mkdtemp(join(tmpdir(), 'libero-config-'));
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => rm(configDir, { recursive: true, force: true }),
    );
    const first = await startService(timeline, configDir);
    cleanup.push(async () => void first.child.kill('SIGKILL'));
    await until(async () => (await takeCounts(first)).every((n) => n === 1), 120_000);

    const marked = SHOTS.map((s) => ({ ...s, markers: [{ name: 'regen', comment: '' }] }));
    await saveByRename(timeline, tinyTimeline(marked, 'four regens'));
    // kill once one new take is made and the others are not
    await until(async () => {
      const counts = await takeCounts(first);
      return counts.some((n) => n === 2) && counts.some((n) => n === 1);
    }, 120_000);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const before = await (async () => {
      const db = new Database(join(dir, '.libero', 'state.db'), { readonly: true });
      const n = db.prepare('SELECT shot_id, COUNT(*) AS n FROM takes GROUP BY shot_id').all();
      db.close();
      return n as { shot_id: string; n: number }[];
    })();
    expect(before.filter((r) => r.n === 2).length).toBeGreaterThanOrEqual(1);
    expect(before.filter((r) => r.n === 2).length).toBeLessThan(4);

    // While the service is down the editor clears two of the markers (libero had acknowledged
    // them): what was asked for is still made.
    await saveByRename(
      timeline,
      tinyTimeline(
        marked.map((s, i) => (i < 2 ? s : { ...s, markers: [] })),
        'two markers cleared',
      ),
    );
    const second = await startService(timeline, configDir);
    cleanup.push(async () => void second.child.kill('SIGKILL'));
    await until(async () => (await takeCounts(second)).every((n) => n >= 2), 120_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nthe restarted service logged:\n${second.log()}`);
      },
    );
    // give a wrong second take time to appear, then check there is none
    await new Promise((r) => setTimeout(r, 1500));
    expect(await takeCounts(second)).toEqual([2, 2, 2, 2]);
    const db = new Database(join(dir, '.libero', 'state.db'), { readonly: true });
    const requests = db
      .prepare('SELECT shot_id, source, state, take_number FROM requests ORDER BY shot_id')
      .all();
    db.close();
    expect(requests).toEqual(
      SHOTS.map((s) => ({ shot_id: s.name, source: 'marker', state: 'done', take_number: 2 })),
    );
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 300_000);
});
