/**
 * One contract suite for the StateStore port, run against every adapter: SQLite (the embedded
 * default) and PostgreSQL (studio mode, a real server started for the suite).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPostgresStateStore,
  POSTGRES_SCHEMA_VERSION,
} from '../../src/generators/postgres/postgres-state-store.js';
import { openSqliteStateStore } from '../../src/generators/sqlite-state-store.js';
import type { StateStore } from '../../src/generators/state-store.js';
import { startStudioServers } from './studio-servers.js';
import type { StudioServers } from './studio-servers.js';

let servers: StudioServers;
beforeAll(async () => {
  servers = await startStudioServers();
});
afterAll(async () => {
  await servers?.stop();
});

/** Opens a store; the same `place` reopens the same data (as a restarted process would). */
type Opener = (place: string) => StateStore;

let counter = 0;
const adapters: ReadonlyArray<{ name: string; fresh: () => string; open: Opener }> = [
  {
    name: 'SQLite',
    fresh: () => join(mkdtempSync(join(tmpdir(), 'libero-contract-')), 'state.db'),
    open: (file) => openSqliteStateStore(file),
  },
  {
    name: 'PostgreSQL',
    fresh: () => `project-${(counter += 1)}`,
    open: (project) =>
      openPostgresStateStore({ url: servers.databaseUrl, project, timeoutMs: 10_000 }),
  },
];

const take = (shotId: string, finalKey: string) => ({
  shotId,
  finalKey,
  lookKey: 'look',
  file: `/c/${finalKey}.mp4`,
  frames: 48,
  fps: 12,
  originSeconds: 1.5,
  prompt: 'Italy, 1944,',
  seed: 4_000_000_001,
  createdAt: '2026-11-26T00:00:00.000Z',
});

describe.each(adapters)('StateStore contract: $name', ({ fresh, open }) => {
  it('numbers takes per shot and returns the existing take for a known chain', () => {
    const store = open(fresh());
    expect(store.addTake(take('a', 'k1')).number).toBe(1);
    expect(store.addTake(take('a', 'k2')).number).toBe(2);
    expect(store.addTake(take('b', 'k1')).number).toBe(1);
    expect(store.addTake(take('a', 'k1')).number).toBe(1);
    expect(store.takes('a').map((t) => t.finalKey)).toEqual(['k1', 'k2']);
    expect(store.takes('a')[0]).toEqual({ ...take('a', 'k1'), number: 1 });
    expect(store.takes('none')).toEqual([]);
    store.close();
  });

  it('keeps jobs and results, and lists jobs by time', () => {
    const store = open(fresh());
    expect(store.job('k')).toBeNull();
    const job = { key: 'k', shotId: 'a', kind: 'still', state: 'queued', error: null } as const;
    store.setJob({ ...job, updatedAt: 't2' });
    store.setJob({ ...job, key: 'j', updatedAt: 't1' });
    store.setJob({ ...job, state: 'failed', error: 'boom', updatedAt: 't3' });
    expect(store.job('k')).toEqual({ ...job, state: 'failed', error: 'boom', updatedAt: 't3' });
    expect(store.jobs().map((j) => j.key)).toEqual(['j', 'k']);
    expect(store.result('k')).toBeNull();
    const result = {
      key: 'k',
      shotId: 'a',
      kind: 'still',
      file: '/c/k.png',
      host: 'http://gpu1:8188',
      startedAt: 't0',
      finishedAt: 't1',
    } as const;
    store.recordResult(result);
    store.recordResult({ ...result, host: 'http://gpu2:8188' });
    expect(store.result('k')).toEqual({ ...result, host: 'http://gpu2:8188' });
    store.close();
  });

  it('survives a killed process: running jobs go back to the queue on reopen', () => {
    const place = fresh();
    const first = open(place);
    const job = { shotId: 'a', error: null, updatedAt: 't0' } as const;
    first.setJob({ ...job, key: 'k', kind: 'video', state: 'running' });
    first.setJob({ ...job, key: 'd', kind: 'still', state: 'done' });
    first.setChoice({ shotId: 'a', number: 1, takesAtChoice: 2 }, 'a');
    // no close(): as if the process died
    const second = open(place);
    expect(second.requeueInterrupted('t1')).toBe(1);
    expect(second.job('k')).toEqual({
      ...job,
      key: 'k',
      kind: 'video',
      state: 'queued',
      updatedAt: 't1',
    });
    expect(second.job('d')?.state).toBe('done');
    expect(second.requeueInterrupted('t2')).toBe(0);
    expect(second.choice('a')).toEqual({ shotId: 'a', number: 1, takesAtChoice: 2 });
    second.setChoice({ shotId: 'a', number: 2, takesAtChoice: 2 }, 'a');
    expect(second.choice('a')?.number).toBe(2);
    second.setChoice(null, 'a');
    expect(second.choice('a')).toBeNull();
    second.close();
    first.close();
  });

  it('remembers the active take written and seen per shot', () => {
    const store = open(fresh());
    expect(store.lastWrittenActive('a')).toBeNull();
    expect(store.lastSeenActive('a')).toBeNull();
    store.setLastWrittenActive('a', 'take-001');
    store.setLastWrittenActive('a', 'take-002');
    store.setLastSeenActive('a', 'take-001');
    expect(store.lastWrittenActive('a')).toBe('take-002');
    expect(store.lastSeenActive('a')).toBe('take-001');
    expect(store.lastSeenActive('b')).toBeNull();
    store.close();
  });
});

describe.each(adapters)('StateStore contract, requests: $name', ({ fresh, open }) => {
  const asked = (id: string, shotId: string, regen: number) =>
    ({ id, shotId, source: 'marker', params: '{"note":""}', regen, createdAt: 't0' }) as const;

  it('keeps the first row of an id, lists in the order added, filters by shot and state', () => {
    const store = open(fresh());
    const first = store.addRequest(asked('m:b:1', 'b', 1));
    expect(first).toEqual({
      created: true,
      request: {
        ...asked('m:b:1', 'b', 1),
        state: 'pending',
        finalKey: null,
        takeNumber: null,
        error: null,
        updatedAt: 't0',
      },
    });
    store.addRequest(asked('m:a:1', 'a', 1));
    store.addRequest(asked('m:b:2', 'b', 2));
    const again = store.addRequest({ ...asked('m:b:1', 'b', 9), createdAt: 't5' });
    expect(again.created).toBe(false);
    expect(again.request.regen).toBe(1);
    const ids = (shotId: string | null, state: 'pending' | 'done' | null) =>
      store.requests({ shotId, state }).map((r) => r.id);
    expect(ids(null, null)).toEqual(['m:b:1', 'm:a:1', 'm:b:2']);
    expect(ids('b', null)).toEqual(['m:b:1', 'm:b:2']);
    expect(store.request('none')).toBeNull();
    store.close();
  });

  it('updates a request in one write and keeps it across a reopen (a killed process)', () => {
    const place = fresh();
    const first = open(place);
    first.addRequest(asked('m:a:1', 'a', 1));
    first.addRequest(asked('m:a:2', 'a', 2));
    const change = {
      state: 'done',
      finalKey: 'k',
      takeNumber: 2,
      error: null,
      updatedAt: 't1',
    } as const;
    expect(first.updateRequest('m:a:1', change)).toMatchObject({ id: 'm:a:1', ...change });
    expect(() => first.updateRequest('none', change)).toThrow(/no request "none"/);
    // no close(): as if the process died
    const second = open(place);
    expect(second.requests({ shotId: null, state: 'pending' }).map((r) => r.id)).toEqual(['m:a:2']);
    expect(second.requests({ shotId: 'a', state: 'done' })[0]).toMatchObject(change);
    second.close();
    first.close();
  });
});

describe('PostgreSQL state store in a studio', () => {
  const open = (project: string) =>
    openPostgresStateStore({ url: servers.databaseUrl, project, timeoutMs: 10_000 });

  it('keeps projects apart in one database, and two services of one project see one truth', () => {
    const a = open('studio-a');
    const b = open('studio-b');
    const a2 = open('studio-a');
    a.addTake(take('s1', 'k1'));
    expect(b.takes('s1')).toEqual([]);
    expect(b.addTake(take('s1', 'k9')).number).toBe(1);
    expect(a2.takes('s1').map((t) => t.finalKey)).toEqual(['k1']);
    a2.setJob({
      key: 'x',
      shotId: 's1',
      kind: 'video',
      state: 'running',
      error: null,
      updatedAt: 't',
    });
    expect(b.requeueInterrupted('t1')).toBe(0);
    expect(a.job('x')?.state).toBe('running');
    for (const store of [a, b, a2]) store.close();
  });

  it('migrates a fresh database once and refuses one from a newer libero', async () => {
    const admin = new pg.Client({ connectionString: servers.databaseUrl });
    await admin.connect();
    const { rows } = await admin.query<{ v: number }>(
      'SELECT MAX(version) AS v FROM libero_schema',
    );
    expect(rows[0]?.v).toBe(POSTGRES_SCHEMA_VERSION);
    await admin.query('INSERT INTO libero_schema (version) VALUES (99)');
    expect(() => open('studio-c')).toThrow(/written by a newer libero \(schema 99/);
    await admin.query('DELETE FROM libero_schema WHERE version = 99');
    await admin.end();
  });

  it('names the database (without the password) when it cannot reach it', () => {
    expect(() =>
      openPostgresStateStore({
        url: 'postgres://libero:secret@127.0.0.1:1/libero',
        project: 'p',
        timeoutMs: 5_000,
      }),
    ).toThrow(/studio database postgres:\/\/127\.0\.0\.1:1\/libero \(project p\): cannot open it/);
  });
});
