/** A new version arriving mid-run cancels only the work that is no longer wanted. */
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';

type Queued = Extract<ServerEvent, { type: 'shot.queued' }>;

describe('a new version mid-run', () => {
  let h: Harness | null = null;
  afterAll(async () => {
    await h?.close();
    if (h !== null) await rm(h.dir, { recursive: true, force: true });
  });

  it('keeps the running shot that is still wanted, replaces the one that changed', async () => {
    h = await startHarness({
      shots: [
        { name: 'sh010', prompt: 'a tram in the snow', frames: 48 },
        { name: 'sh020', prompt: 'a bell tower' },
      ],
    });
    const socket = await h.events();
    await socket.waitFor(
      (e) => e.type === 'shot.progress' && e.shotId === 'sh010' && e.stage === 'video',
    );
    // sh010 is generating, sh020 waits: the editor changes sh020 only
    await saveByRename(
      h.timeline,
      tinyTimeline([
        { name: 'sh010', prompt: 'a tram in the snow', frames: 48 },
        { name: 'sh020', prompt: 'a bell tower at dusk' },
      ]),
    );
    await socket.waitFor(
      (e) => e.type === 'shot.queued' && e.shotId === 'sh020' && e.reason === 'changed',
    );
    await socket.waitFor(
      (e) => e.type === 'shot.progress' && e.shotId === 'sh020' && e.stage === 'still',
    );
    // now sh020 is generating: the editor changes it again; the running job is cancelled
    await saveByRename(
      h.timeline,
      tinyTimeline([
        { name: 'sh010', prompt: 'a tram in the snow', frames: 48 },
        { name: 'sh020', prompt: 'a bell tower at night' },
      ]),
    );
    await socket.waitFor(
      (e) =>
        e.type === 'shot.done' &&
        e.shotId === 'sh020' &&
        e.shot.prompt === 'Italy, 1944, a bell tower at night',
      60_000,
    );
    await h.server.service.idle();
    const events = socket.events;
    // sh010 ran once, uninterrupted
    expect(events.filter((e) => e.type === 'shot.done' && e.shotId === 'sh010')).toHaveLength(1);
    expect(
      events.filter((e) => e.type === 'shot.queued' && e.shotId === 'sh010').length,
    ).toBeLessThanOrEqual(1);
    // sh020 was requeued for each change, and the cancelled run is neither a failure nor a take
    const sh020 = events
      .filter((e): e is Queued => e.type === 'shot.queued' && e.shotId === 'sh020')
      .map((e) => e.reason);
    expect(sh020.slice(-2)).toEqual(['changed', 'changed']);
    expect(events.filter((e) => e.type === 'shot.failed')).toEqual([]);
    expect(events.filter((e) => e.type === 'shot.done' && e.shotId === 'sh020')).toHaveLength(1);
    const project = (await (await h.api('/api/project')).json()) as {
      shots: { id: string; takes: { prompt: string }[] }[];
    };
    expect(project.shots.map((s) => [s.id, s.takes.map((t) => t.prompt)])).toEqual([
      ['sh010', ['Italy, 1944, a tram in the snow']],
      ['sh020', ['Italy, 1944, a bell tower at night']],
    ]);
  });
});
