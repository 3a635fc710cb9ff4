import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openSqliteStateStore } from './sqlite-state-store.js';

const take = (shotId: string, finalKey: string) => ({
  shotId,
  finalKey,
  lookKey: 'look',
  file: `/c/${finalKey}.mp4`,
  frames: 48,
  fps: 12,
  originSeconds: 0,
  prompt: 'Italy, 1944,',
  seed: 1,
  createdAt: '2026-11-26T00:00:00.000Z',
});

describe('openSqliteStateStore', () => {
  it('numbers takes per shot and returns the existing take for a known chain', () => {
    const store = openSqliteStateStore(':memory:');
    expect(store.addTake(take('a', 'k1')).number).toBe(1);
    expect(store.addTake(take('a', 'k2')).number).toBe(2);
    expect(store.addTake(take('b', 'k1')).number).toBe(1);
    expect(store.addTake(take('a', 'k1')).number).toBe(1);
    expect(store.takes('a').map((t) => t.finalKey)).toEqual(['k1', 'k2']);
    store.close();
  });

  it('survives a killed process: running jobs go back to the queue on reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'libero-store-')), 'state.db');
    const first = openSqliteStateStore(file);
    first.setJob({
      key: 'k',
      shotId: 'a',
      kind: 'video',
      state: 'running',
      error: null,
      updatedAt: 't0',
    });
    first.setJob({
      key: 'd',
      shotId: 'a',
      kind: 'still',
      state: 'done',
      error: null,
      updatedAt: 't0',
    });
    first.setChoice({ shotId: 'a', number: 1, takesAtChoice: 2 }, 'a');
    // no close(): as if the process died
    const second = openSqliteStateStore(file);
    expect(second.requeueInterrupted('t1')).toBe(1);
    expect(second.job('k')?.state).toBe('queued');
    expect(second.job('d')?.state).toBe('done');
    expect(second.choice('a')).toEqual({ shotId: 'a', number: 1, takesAtChoice: 2 });
    second.setChoice(null, 'a');
    expect(second.choice('a')).toBeNull();
    second.close();
    first.close();
  });
});

describe('schema versions', () => {
  it('upgrades a version 1 file: its takes get origin 0', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'libero-store-v1-')), 'state.db');
    const v1 = new Database(file);
    v1.exec(`CREATE TABLE takes (
      shot_id TEXT NOT NULL, number INTEGER NOT NULL, final_key TEXT NOT NULL, look_key TEXT NOT NULL,
      file TEXT NOT NULL, frames INTEGER NOT NULL, fps REAL NOT NULL, prompt TEXT NOT NULL,
      seed INTEGER NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (shot_id, number), UNIQUE (shot_id, final_key));
      INSERT INTO takes VALUES ('a', 1, 'k1', 'look', '/c/k1.mp4', 48, 12, 'p', 1, 't');`);
    v1.pragma('user_version = 1');
    v1.close();
    const store = openSqliteStateStore(file);
    expect(store.takes('a')).toEqual([
      {
        shotId: 'a',
        number: 1,
        finalKey: 'k1',
        lookKey: 'look',
        file: '/c/k1.mp4',
        frames: 48,
        fps: 12,
        originSeconds: 0,
        prompt: 'p',
        seed: 1,
        createdAt: 't',
      },
    ]);
    expect(store.addTake({ ...take('a', 'k2'), originSeconds: 3600 }).number).toBe(2);
    // 2 -> 3: the requests table exists and works.
    const asked = {
      id: 'm',
      shotId: 'a',
      source: 'api',
      params: '{}',
      regen: 1,
      createdAt: 't',
    } as const;
    expect(store.addRequest(asked).created).toBe(true);
    expect(store.requests({ shotId: 'a', state: 'pending' }).map((r) => r.id)).toEqual(['m']);
    store.close();
  });

  it('refuses a file from a newer libero', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'libero-store-v9-')), 'state.db');
    const db = new Database(file);
    db.pragma('user_version = 9');
    db.close();
    expect(() => openSqliteStateStore(file)).toThrow(/written by a newer libero \(schema 9/);
  });
});
