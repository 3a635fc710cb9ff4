/**
 * Regen markers and API regenerates are requests with an identity, kept in the state store: a
 * marker not seen before on a shot (its position in the clip, name and note) makes exactly one
 * new take, whether or not earlier regen markers were removed; a marker that stays makes no
 * more; an API regenerate is stored before the service answers it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import type { ProjectResponse } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function project(h: Harness): Promise<ProjectResponse> {
  const res = await h.api('/api/project');
  expect(res.status).toBe(200);
  return ProjectResponseSchema.parse(await res.json());
}

/** Saves a version and waits until the service loaded it and has nothing left to do. */
async function saveAndSettle(h: Harness, shots: readonly TinyShot[], name: string): Promise<void> {
  await saveByRename(h.timeline, tinyTimeline(shots, name));
  const end = Date.now() + 60_000;
  while ((await project(h)).timeline?.name !== name) {
    if (Date.now() > end) throw new Error(`version "${name}" never loaded:\n${h.logs.join('\n')}`);
    await sleep(20);
  }
  await h.server.service.idle();
}

const takes = async (h: Harness): Promise<number[]> =>
  (await project(h)).shots.map((s) => s.takes.length);

describe('regen requests', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
    h = undefined;
  });

  it('add a marker, remove it, add a new one elsewhere on the same shot: takes 2 and 3', async () => {
    const shots: TinyShot[] = [
      { name: 'sh010', prompt: 'a ruined street at dawn' },
      { name: 'sh020', prompt: 'a mountain path' },
    ];
    h = await startHarness({ shots });
    await h.server.service.idle();
    expect(await takes(h)).toEqual([1, 1]);
    const marked = (at: number): TinyShot[] => [
      shots[0]!,
      { ...shots[1]!, markers: [{ name: 'regen', comment: '', at }] },
    ];
    await saveAndSettle(h, marked(0), 'marker at 0');
    expect(await takes(h)).toEqual([1, 2]);
    await saveAndSettle(h, shots, 'marker removed');
    expect(await takes(h)).toEqual([1, 2]);
    await saveAndSettle(h, marked(12), 'new marker at 12');
    expect(await takes(h)).toEqual([1, 3]);
    // the marker stays: nothing more
    await saveAndSettle(h, marked(12), 'marker at 12 stays');
    expect(await takes(h)).toEqual([1, 3]);
    const p = await project(h);
    expect(p.shots[1]!.takes.map((t) => t.id)).toEqual(['take-001', 'take-002', 'take-003']);
  }, 120_000);

  it('30 alternating saves, each a fresh marker on one shot and none on the others: 30 new takes', async () => {
    const shots: TinyShot[] = [
      { name: 'sh010', prompt: 'a church tower in fog', frames: 48 },
      { name: 'sh020', prompt: 'a village square under snow', frames: 48 },
      { name: 'sh030', prompt: 'a bridge over a river', frames: 48 },
    ];
    h = await startHarness({ shots });
    await h.server.service.idle();
    for (let i = 0; i < 30; i += 1) {
      const version = shots.map((s, n) =>
        n === i % 3 ? { ...s, markers: [{ name: 'regen', comment: '', at: i }] } : s,
      );
      await saveByRename(h.timeline, tinyTimeline(version, `save ${i}`));
      // each save is read (a save overwritten within the quiet time is never seen), while the
      // takes asked for by earlier saves are still being made
      const end = Date.now() + 30_000;
      while ((await project(h)).timeline?.name !== `save ${i}`) {
        if (Date.now() > end) throw new Error(`save ${i} never loaded`);
        await sleep(10);
      }
    }
    const end = Date.now() + 200_000;
    while ((await project(h)).timeline?.name !== 'save 29') {
      if (Date.now() > end) throw new Error('the last save never loaded');
      await sleep(50);
    }
    await h.server.service.idle();
    const db = new Database(join(h.dir, '.libero', 'state.db'), { readonly: true });
    const rows = db
      .prepare("SELECT state, COUNT(*) AS n FROM requests WHERE source = 'marker' GROUP BY state")
      .all();
    const failed = db.prepare("SELECT * FROM requests WHERE state != 'done'").all();
    db.close();
    expect(failed).toEqual([]);
    expect(await takes(h)).toEqual([11, 11, 11]);
    expect(rows).toEqual([{ state: 'done', n: 30 }]);
  }, 300_000);

  it('stores an API regenerate before it answers 2xx', async () => {
    h = await startHarness({ shots: [{ name: 'sh010', prompt: 'a mountain path' }] });
    await h.server.service.idle();
    const res = await h.api('/api/shots/sh010/regenerate', {
      method: 'POST',
      body: JSON.stringify({ prompt: 'a mountain path at night' }),
    });
    expect(res.status).toBe(202);
    // read by another connection the moment the answer arrived, before the take is made
    const db = new Database(join(h.dir, '.libero', 'state.db'), { readonly: true });
    const rows = db.prepare('SELECT shot_id, source, params, state FROM requests').all();
    db.close();
    expect(rows).toEqual([
      {
        shot_id: 'sh010',
        source: 'api',
        params: JSON.stringify({ prompt: 'a mountain path at night' }),
        state: expect.stringMatching(/^(pending|done)$/),
      },
    ]);
    await h.server.service.idle();
    expect(await takes(h)).toEqual([2]);
  }, 60_000);
});
