import { existsSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectResponseSchema, ShotSchema } from '../../src/server/api-contract.js';
import type { ProjectResponse, ServerEvent } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import type { EventsClient } from './socket-client.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHOTS: TinyShot[] = [
  { name: 'sh010', prompt: 'a ruined street at dawn' },
  { name: 'sh020', prompt: 'a mountain path' },
  { name: 'sh030', prompt: null },
];

async function project(h: Harness): Promise<ProjectResponse> {
  const res = await h.api('/api/project');
  expect(res.status).toBe(200);
  return ProjectResponseSchema.parse(await res.json());
}

const count = (events: ServerEvent[], match: (e: ServerEvent) => boolean) =>
  events.filter(match).length;

describe('libero serve over real HTTP and WebSocket', () => {
  let h: Harness;
  let socket: EventsClient;

  beforeAll(async () => {
    h = await startHarness({ shots: SHOTS });
    socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh010');
    await socket.waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh020');
    await h.server.service.idle();
  });
  afterAll(async () => {
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  it('generates the missing shots, writes the conformed timeline, lists a placeholder without prompt', async () => {
    const p = await project(h);
    expect(p.timeline).toMatchObject({ name: 'tiny cut', file: 'cut.otio', version: 1 });
    expect(p.shots.map((s) => [s.id, s.status, s.takes.length, s.activeTake])).toEqual([
      ['sh010', 'done', 1, 'take-001'],
      ['sh020', 'done', 1, 'take-001'],
      ['sh030', 'needs-prompt', 0, null],
    ]);
    const still = p.shots[0]!.takes[0]!.stillUrl;
    expect(still).toMatch(/^\/api\/files\/\.libero\/cache\//);
    const image = await h.api(still!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect((await image.arrayBuffer()).byteLength).toBeGreaterThan(500);
    const conformed = JSON.parse(await readFile(h.server.conformedPath, 'utf8'));
    expect(JSON.stringify(conformed)).toContain('take-001');
    // every shot finished once (the socket joined while the first one was already running)
    expect(
      socket.events
        .filter((e) => e.type === 'shot.done')
        .map((e) => (e as { shotId: string }).shotId),
    ).toEqual(['sh010', 'sh020']);
    expect(
      count(socket.events, (e) => e.type === 'shot.progress' && e.stage === 'upscale'),
    ).toBeGreaterThan(0);
  });

  it('gives a late client the current state first', async () => {
    const late = await h.events();
    await sleep(100);
    expect(late.events[0]).toMatchObject({ type: 'timeline.loaded' });
    const first = late.events[0] as Extract<ServerEvent, { type: 'timeline.loaded' }>;
    expect(first.shots.map((s) => s.status)).toEqual(['done', 'done', 'needs-prompt']);
    late.close();
  });

  it('reads a timeline saved in several chunks once, and one saved by rename once', async () => {
    const before = socket.events.length;
    const text = tinyTimeline(SHOTS, 'tiny cut v2');
    const handle = await open(h.timeline, 'w');
    const chunk = Math.ceil(text.length / 4);
    for (let i = 0; i < text.length; i += chunk) {
      await handle.write(text.slice(i, i + chunk));
      await sleep(15);
    }
    await handle.close();
    await socket.waitFor((e) => e.type === 'timeline.loaded' && e.timeline.name === 'tiny cut v2');
    await saveByRename(h.timeline, tinyTimeline(SHOTS, 'tiny cut v3'));
    await socket.waitFor((e) => e.type === 'timeline.loaded' && e.timeline.name === 'tiny cut v3');
    await sleep(400);
    const after = socket.events.slice(before);
    expect(
      after
        .filter((e) => e.type === 'timeline.loaded')
        .map((e) => (e as { timeline: { name: string; version: number } }).timeline),
    ).toEqual([
      expect.objectContaining({ name: 'tiny cut v2', version: 2 }),
      expect.objectContaining({ name: 'tiny cut v3', version: 3 }),
    ]);
    // no half-written version was ever parsed, and nothing was regenerated
    expect(after.filter((e) => e.type === 'timeline.error' || e.type === 'shot.queued')).toEqual(
      [],
    );
  });

  it('does not report a save still being written by a slow writer as broken', async () => {
    const before = socket.events.length;
    const text = tinyTimeline(SHOTS, 'tiny cut, slow save');
    const handle = await open(h.timeline, 'w');
    await handle.write(text.slice(0, 200));
    await sleep(150); // longer than the debounce: the half-written file is read
    await handle.write(text.slice(200));
    await handle.close();
    await socket.waitFor(
      (e) => e.type === 'timeline.loaded' && e.timeline.name === 'tiny cut, slow save',
    );
    await sleep(1200);
    const after = socket.events.slice(before);
    expect(after.map((e) => e.type)).toEqual(['timeline.loaded']);
  });

  it('keeps the last good state when an export is broken, and recovers', async () => {
    const before = socket.events.length;
    await writeFile(h.timeline, '{"OTIO_SCHEMA": "Timeline.1", "tracks": ');
    const error = await socket.waitFor(
      (e) => e.type === 'timeline.error' && socket.events.indexOf(e) >= before,
    );
    expect(error).toMatchObject({ file: 'cut.otio', error: { code: 'TIMELINE_INVALID_JSON' } });
    const p = await project(h);
    expect(p.timeline?.name).toBe('tiny cut, slow save');
    expect(p.shots.filter((s) => s.status === 'done')).toHaveLength(2);
    expect(p.lastError?.code).toBe('TIMELINE_INVALID_JSON');
    await saveByRename(h.timeline, tinyTimeline(SHOTS, 'tiny cut v4'));
    await socket.waitFor((e) => e.type === 'timeline.loaded' && e.timeline.name === 'tiny cut v4');
    expect((await project(h)).lastError).toBeNull();
  });

  it('makes exactly one new take for a regen marker, and not again while the marker stays', async () => {
    const marked = SHOTS.map((s) =>
      s.name === 'sh020' ? { ...s, markers: [{ name: 'regen', comment: '' }] } : s,
    );
    const before = socket.events.length;
    await saveByRename(h.timeline, tinyTimeline(marked, 'regen once'));
    await socket.waitFor(
      (e) => e.type === 'shot.done' && e.shotId === 'sh020' && e.shot.takes.length === 2,
    );
    await h.server.service.idle();
    // the same marker in the next export, plus an unrelated change
    await saveByRename(h.timeline, tinyTimeline(marked, 'regen once, re-exported'));
    await socket.waitFor(
      (e) => e.type === 'timeline.loaded' && e.timeline.name === 'regen once, re-exported',
    );
    await sleep(300);
    await h.server.service.idle();
    const after = socket.events.slice(before);
    expect(
      after
        .filter((e) => e.type === 'shot.queued')
        .map((e) => [(e as { shotId: string }).shotId, (e as { reason: string }).reason]),
    ).toEqual([['sh020', 'regen']]);
    const p = await project(h);
    expect(p.shots.map((s) => s.takes.length)).toEqual([1, 2, 0]);
    expect(p.shots[1]!.activeTake).toBe('take-002');
  });

  it('regenerates from the API with an edited prompt, then lets the editor choose the old take', async () => {
    const res = await h.api('/api/shots/sh010/regenerate', {
      method: 'POST',
      body: JSON.stringify({ prompt: 'a ruined street at night' }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: boolean; shot: unknown };
    expect(ShotSchema.parse(body.shot).status).toBe('queued');
    const done = await socket.waitFor(
      (e) => e.type === 'shot.done' && e.shotId === 'sh010' && e.shot.takes.length === 2,
    );
    const shot = (done as Extract<ServerEvent, { type: 'shot.done' }>).shot;
    expect(shot.takes[1]).toMatchObject({
      id: 'take-002',
      active: true,
      prompt: 'Italy, 1944, a ruined street at night',
    });
    await h.server.service.idle();
    const chosen = await h.api('/api/shots/sh010/take', {
      method: 'POST',
      body: JSON.stringify({ take: 'take-001' }),
    });
    expect(chosen.status).toBe(200);
    expect(ShotSchema.parse(await chosen.json()).activeTake).toBe('take-001');
    const conformed = await readFile(h.server.conformedPath, 'utf8');
    const clip = (
      JSON.parse(conformed).tracks.children[0].children as {
        name: string;
        active_media_reference_key: string;
      }[]
    ).find((c) => c.name === 'sh010');
    expect(clip?.active_media_reference_key).toBe('take-001');
  });

  it('validates every request against the contract and answers errors as JSON', async () => {
    const cases: [string, RequestInit, number, string, RegExp][] = [
      [
        '/api/shots/sh010/regenerate',
        { method: 'POST', body: JSON.stringify({ seed: -1 }) },
        400,
        'API_INVALID_REQUEST',
        /body\.seed/,
      ],
      [
        '/api/shots/sh010/regenerate',
        { method: 'POST', body: JSON.stringify({ colour: 'red' }) },
        400,
        'API_INVALID_REQUEST',
        /body/,
      ],
      [
        '/api/shots/sh010/regenerate',
        { method: 'POST', body: '{"prompt": ' },
        400,
        'API_INVALID_REQUEST',
        /not valid JSON/,
      ],
      [
        '/api/shots/sh010/take',
        { method: 'POST', body: JSON.stringify({ take: 'best' }) },
        400,
        'API_INVALID_REQUEST',
        /body\.take/,
      ],
      [
        '/api/shots/sh010/take',
        { method: 'POST', body: JSON.stringify({ take: 'take-009' }) },
        404,
        'API_NOT_FOUND',
        /take-009/,
      ],
      ['/api/shots/nope', {}, 404, 'API_NOT_FOUND', /no shot "nope"/],
      [
        '/api/shots/sh030/regenerate',
        { method: 'POST', body: '{}' },
        409,
        'API_CONFLICT',
        /no prompt/,
      ],
      ['/api/shots/sh010/media/still?take=x', {}, 400, 'API_INVALID_REQUEST', /query\.take/],
      ['/api/renders/42', {}, 400, 'API_INVALID_REQUEST', /renderId/],
      ['/api/nothing', {}, 404, 'API_NOT_FOUND', /no route/],
    ];
    for (const [path, init, status, code, message] of cases) {
      const res = await h.api(path, init);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([path, res.status, body.error.code]).toEqual([path, status, code]);
      expect(body.error.message).toMatch(message);
    }
  });

  it('renders on request, refuses a second render while one runs, serves the master', async () => {
    const res = await h.api('/api/renders', { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    const started = (await res.json()) as { id: string; status: string };
    expect(started).toMatchObject({ id: 'render-1', status: 'running' });
    const again = await h.api('/api/renders', { method: 'POST', body: '{}' });
    expect(again.status).toBe(409);
    const done = await socket.waitFor(
      (e) => e.type === 'render.done' || e.type === 'render.failed',
      60_000,
    );
    expect(done).toMatchObject({ type: 'render.done', renderId: 'render-1' });
    const state = (await (await h.api('/api/renders/render-1')).json()) as {
      status: string;
      fileUrl: string;
    };
    expect(state).toMatchObject({ status: 'done', fileUrl: '/api/files/out/cut.mp4' });
    const video = await h.api(state.fileUrl);
    expect(video.status).toBe(200);
    expect(video.headers.get('content-type')).toBe('video/mp4');
    expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(socket.events.some((e) => e.type === 'render.progress' && e.percent > 0)).toBe(true);
  });

  it('reloads when libero.json changes: every shot whose prompt changed is queued again', async () => {
    const before = socket.events.length;
    const { writeFile: write } = await import('node:fs/promises');
    const config = JSON.parse(await readFile(join(h.dir, 'libero.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await write(
      join(h.dir, 'libero.json'),
      JSON.stringify({ ...config, stylePrefix: 'Italy, 1945,' }),
    );
    await socket.waitFor(
      (e) =>
        e.type === 'shot.done' &&
        e.shotId === 'sh020' &&
        e.shot.prompt?.startsWith('Italy, 1945,') === true,
    );
    await h.server.service.idle();
    const after = socket.events.slice(before);
    expect(after.filter((e) => e.type === 'timeline.loaded')).toHaveLength(1);
    expect(
      after
        .filter((e) => e.type === 'shot.queued')
        .map((e) => [(e as { shotId: string }).shotId, (e as { reason: string }).reason]),
    ).toEqual([
      ['sh010', 'changed'],
      ['sh020', 'changed'],
    ]);
    const broken = await (async () => {
      await write(join(h.dir, 'libero.json'), '{"stylePrefix": 4}');
      return socket.waitFor(
        (e) => e.type === 'timeline.error' && e.error.code === 'CONFIG_INVALID',
      );
    })();
    expect(JSON.stringify(broken)).toContain('libero.json');
  });

  it('never sends the token in an event', () => {
    const all = JSON.stringify(socket.events);
    expect(all).not.toContain(h.token);
    expect(h.logs.join('\n')).not.toContain(h.token);
    expect(existsSync(h.server.conformedPath)).toBe(true);
  });
});
