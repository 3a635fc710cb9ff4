import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
