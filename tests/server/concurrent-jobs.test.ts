/**
 * The service hands shot jobs to the generator as concurrently as the generator takes them, and
 * a shot the editor asks for (API regenerate, regen marker) goes first: ahead of the queued batch
 * here, and through the generator's `prioritize` to its scheduler. Batch jobs never call it, so
 * a pool keeps grouping their stages by model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import type { ServerEvent } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const isDone = (e: ServerEvent, shotId: string): boolean =>
  e.type === 'shot.done' && e.shotId === shotId;
const firstProgress = (events: readonly ServerEvent[], shotId: string, from = 0): number =>
  events.findIndex((e, i) => i >= from && e.type === 'shot.progress' && e.shotId === shotId);

describe('libero serve with a concurrent generator', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('runs shot jobs side by side, up to the generator concurrency', async () => {
    const shots: TinyShot[] = [
      { name: 'sh010', prompt: 'a church tower in fog', frames: 48 },
      { name: 'sh020', prompt: 'a village square under snow', frames: 48 },
    ];
    h = await startHarness({
      shots,
      writeTimeline: false,
      generator: { ...createDraftGenerator(process.env), concurrency: 2 },
      concurrency: 2,
    });
    const socket = await h.events();
    await saveByRename(h.timeline, tinyTimeline(shots));
    await socket.waitFor((e) => isDone(e, 'sh010'), 60_000);
    await socket.waitFor((e) => isDone(e, 'sh020'), 60_000);
    const events = socket.events;
    // each shot started before the other was done
    const done = (id: string): number => events.findIndex((e) => isDone(e, id));
    expect(firstProgress(events, 'sh020')).toBeGreaterThanOrEqual(0);
    expect(firstProgress(events, 'sh020')).toBeLessThan(done('sh010'));
    expect(firstProgress(events, 'sh010')).toBeLessThan(done('sh020'));
  }, 90_000);

  it('puts the shot the editor asks for first, and only that one reaches prioritize', async () => {
    const asks: string[][] = [];
    const shots: TinyShot[] = [
      { name: 'sh010', prompt: 'a church tower in fog', frames: 48 },
      { name: 'sh020', prompt: 'a village square under snow' },
      { name: 'sh030', prompt: 'a bridge at dawn' },
    ];
    h = await startHarness({
      shots,
      writeTimeline: false,
      generator: {
        ...createDraftGenerator(process.env),
        concurrency: 1,
        prioritize: (ids) => void asks.push([...ids]),
      },
      concurrency: 1,
    });
    const socket = await h.events();
    await saveByRename(h.timeline, tinyTimeline(shots));
    await socket.waitFor((e) => e.type === 'shot.progress' && e.shotId === 'sh010', 60_000);
    // the first load's batch: nobody asked for these shots by name
    expect(asks).toEqual([]);
    const asked = socket.events.length;
    const started = new Set(
      socket.events.flatMap((e) => (e.type === 'shot.progress' ? [e.shotId] : [])),
    );
    expect(started.has('sh030')).toBe(false);
    const res = await h.api('/api/shots/sh030/regenerate', { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    for (const id of ['sh010', 'sh020', 'sh030'])
      await socket.waitFor((e) => isDone(e, id), 60_000);
    // sh030 jumped the queue: the next shot to start after the request was sh030
    const next = socket.events.find(
      (e, i) => i >= asked && e.type === 'shot.progress' && !started.has(e.shotId),
    );
    expect(next).toMatchObject({ shotId: 'sh030' });
    expect(asks).toEqual([['sh030']]);

    // A regen marker on a finished shot, while nothing else waits: it reaches prioritize too.
    await h.server.service.idle();
    const seen = socket.events.length;
    await saveByRename(
      h.timeline,
      tinyTimeline([
        shots[0]!,
        { ...shots[1]!, markers: [{ name: 'regen', comment: 'more snow' }] },
        shots[2]!,
      ]),
    );
    await socket.waitFor((e) => isDone(e, 'sh020') && socket.events.indexOf(e) >= seen, 60_000);
    expect(asks).toEqual([['sh030'], ['sh020']]);
  }, 120_000);
});
