import { describe, expect, it } from 'vitest';
import { openSqliteStateStore } from '../generators/sqlite-state-store.js';
import {
  finishRequest,
  planRequest,
  retryFailedRequests,
  settleRequests,
  storeRequest,
} from './stored-requests.js';

const take = (finalKey: string) => ({
  shotId: 'a',
  finalKey,
  lookKey: 'look',
  file: `/c/${finalKey}.mp4`,
  frames: 12,
  fps: 6,
  originSeconds: 0,
  prompt: 'p',
  seed: 1,
  createdAt: 't',
});

describe('stored requests', () => {
  it('a new shot is stored once with its key, and done when that take exists', () => {
    const store = openSqliteStateStore(':memory:');
    const asked = {
      store,
      shotId: 'a',
      source: 'new-shot',
      regenerate: null,
      workKey: 'k1',
    } as const;
    const first = storeRequest({ ...asked, at: 't0' });
    expect(storeRequest({ ...asked, at: 't1' })).toEqual(first);
    expect(first).toMatchObject({ state: 'pending', finalKey: 'k1' });
    const settle = () => settleRequests({ store, plannedKey: () => null, at: 't2' });
    expect(settle().map((r) => r.id)).toEqual([first.id]);
    store.addTake(take('k1'));
    expect(settle()).toEqual([]);
    expect(store.request(first.id)).toMatchObject({ state: 'done', takeNumber: 1 });
    store.close();
  });

  it('an API request: planned, then done by its take; a failed run is retried on the next start', () => {
    const store = openSqliteStateStore(':memory:');
    const api = storeRequest({
      store,
      shotId: 'a',
      source: 'api',
      regenerate: { prompt: 'dusk' },
      workKey: 'k1',
      at: 't0',
    });
    expect(api.params).toBe('{"prompt":"dusk"}');
    planRequest({ store, record: api, finalKey: 'k2', at: 't1' });
    // a run that made another take does not answer it
    store.addTake(take('k9'));
    finishRequest({ store, id: api.id, takesBefore: 0, error: null, at: 't2' });
    expect(store.request(api.id)).toMatchObject({ state: 'failed', takeNumber: null });
    expect(retryFailedRequests({ store, at: 't3' })).toBe(1);
    expect(store.request(api.id)).toMatchObject({ state: 'pending', error: null, finalKey: 'k2' });
    store.addTake(take('k2'));
    finishRequest({ store, id: api.id, takesBefore: 1, error: null, at: 't4' });
    expect(store.request(api.id)).toMatchObject({ state: 'done', takeNumber: 2 });
    // a done request is never run or changed again
    finishRequest({ store, id: api.id, takesBefore: 2, error: new Error('late'), at: 't5' });
    expect(store.request(api.id)).toMatchObject({ state: 'done', takeNumber: 2, error: null });
    store.close();
  });
});
