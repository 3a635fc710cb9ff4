/**
 * A stored regen marker request is made as the marker asked, even when the editor removed the
 * marker before its take was made: its note still counts, its own offset is used, and the request
 * is done with that take.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { makeTinyProject, TINY_CONFIG, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const SHOT: TinyShot = { name: 'sh010', prompt: 'a bridge over a river' };

describe('a regen marker request whose marker was removed', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is made with its note and its own offset, once', async () => {
    const { dir, timeline } = await makeTinyProject([SHOT]);
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const engine = createPipelineEngine({
      timelinePath: timeline,
      generator: { ...createDraftGenerator(process.env), concurrency: 1 },
      now: () => new Date(),
    });
    cleanup.push(async () => engine.close());
    const marked = { ...SHOT, markers: [{ name: 'regen', comment: 'more fog', at: 5 }] };
    const withMarker = await engine.load({
      timelineText: tinyTimeline([marked]),
      configText: TINY_CONFIG,
    });
    const pending = engine.pendingRequests({ project: withMarker });
    expect(pending.map((r) => [r.shotId, r.source])).toEqual([['sh010', 'marker']]);

    // the editor removes the marker before its take is made
    const without = await engine.load({
      timelineText: tinyTimeline([SHOT]),
      configText: TINY_CONFIG,
    });
    const shot = await engine.generateShot({
      project: without,
      shotId: 'sh010',
      request: pending[0]!,
      urgent: false,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onTakeQc: () => undefined,
      onDegraded: () => undefined,
    });
    expect(shot.takes.map((t) => t.prompt)).toEqual([
      expect.stringMatching(/a bridge over a river.*more fog/),
    ]);
    expect(engine.pendingRequests({ project: without })).toEqual([]);
    const db = new Database(join(dir, '.libero', 'state.db'), { readonly: true });
    expect(db.prepare('SELECT state, regen, take_number FROM requests').all()).toEqual([
      { state: 'done', regen: 1, take_number: 1 },
    ]);
    db.close();
  }, 60_000);
});
