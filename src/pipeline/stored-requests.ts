/**
 * Stored requests (see src/generators/state-store.ts): an API regenerate or a shot newly dropped
 * into the cut is stored before the service answers, a regen marker when a plan first sees it
 * (regen-requests.ts, in the service and the CLI); every request is marked done by the take that
 * answers it (known by its chain's key), and a request whose work ran without making a take is
 * marked failed, so it is never run twice. The service's request jobs and the CLI
 * (generate-with-requests.ts) finish them the same way (generate-request.ts).
 */
import { randomUUID } from 'node:crypto';
import type { RequestChange, RequestRecord, StateStore } from '../generators/state-store.js';

/** Stores an API regenerate (overrides as asked) or a newly dropped shot (its work key). */
export function storeRequest(options: {
  store: StateStore;
  shotId: string;
  source: 'api' | 'new-shot';
  /** The API's overrides (stored as JSON text); null for a new shot. */
  regenerate: Record<string, unknown> | null;
  workKey: string;
  at: string;
}): RequestRecord {
  const { store, shotId, at } = options;
  if (options.source === 'api')
    return store.addRequest({
      id: `api:${shotId}:${randomUUID()}`,
      shotId,
      source: 'api',
      params: JSON.stringify(options.regenerate ?? {}),
      regen: 0,
      createdAt: at,
    }).request;
  const { request, created } = store.addRequest({
    id: `new-shot:${shotId}:${options.workKey}`,
    shotId,
    source: 'new-shot',
    params: JSON.stringify({ workKey: options.workKey }),
    regen: 0,
    createdAt: at,
  });
  if (!created) return request;
  return store.updateRequest(request.id, {
    state: 'pending',
    finalKey: options.workKey,
    takeNumber: null,
    error: null,
    updatedAt: at,
  });
}

/**
 * Marks done every pending request whose take exists (`plannedKey` plans the key of a request
 * not planned yet; null: its shot is not in the cut); returns those still waiting for a take.
 */
export function settleRequests(options: {
  store: StateStore;
  plannedKey: (record: RequestRecord) => string | null;
  at: string;
}): RequestRecord[] {
  const { store, at } = options;
  const waiting: RequestRecord[] = [];
  for (const pending of store.requests({ shotId: null, state: 'pending' })) {
    let record = pending;
    if (record.finalKey === null && record.source === 'marker') {
      const key = options.plannedKey(record);
      if (key !== null) record = update(store, record, { finalKey: key, updatedAt: at });
    }
    const take = store.takes(record.shotId).find((t) => t.finalKey === record.finalKey);
    if (take !== undefined)
      update(store, record, { state: 'done', takeNumber: take.number, updatedAt: at });
    else waiting.push(record);
  }
  return waiting;
}

/** Writes `change` over the request's current fields. */
function update(
  store: StateStore,
  record: RequestRecord,
  change: Partial<RequestChange> & Pick<RequestChange, 'updatedAt'>,
): RequestRecord {
  const { state, finalKey, takeNumber, error } = record;
  return store.updateRequest(record.id, { state, finalKey, takeNumber, error, ...change });
}

/** Records the key a request's run is about to make (so a restart knows its take). */
export function planRequest(options: {
  store: StateStore;
  record: RequestRecord;
  finalKey: string;
  at: string;
}): void {
  update(options.store, options.record, { finalKey: options.finalKey, updatedAt: options.at });
}

/**
 * After a request's run: done with the take of its planned key (a request without one: the
 * take the run added), failed with `error` or when the run made no such take.
 */
export function finishRequest(options: {
  store: StateStore;
  id: string;
  takesBefore: number;
  error: unknown;
  at: string;
}): void {
  const { store, at } = options;
  const record = store.request(options.id);
  if (record === null || record.state !== 'pending') return;
  if (options.error !== null) {
    const message = options.error instanceof Error ? options.error.message : String(options.error);
    update(store, record, { state: 'failed', error: message, updatedAt: at });
    return;
  }
  const takes = store.takes(record.shotId);
  const take =
    record.finalKey === null
      ? takes.find((t) => t.number > options.takesBefore)
      : takes.find((t) => t.finalKey === record.finalKey);
  if (take !== undefined)
    update(store, record, { state: 'done', takeNumber: take.number, updatedAt: at });
  else
    update(store, record, {
      state: 'failed',
      error: `its run made no take with key ${record.finalKey ?? '(none)'}`,
      updatedAt: at,
    });
}

/**
 * On start: requests whose run failed (a host down, a crash of the generator) have no take yet,
 * so they are pending again and the service makes them, once per start (a CLI run too). Returns
 * how many.
 */
export function retryFailedRequests(options: { store: StateStore; at: string }): number {
  const failed = options.store.requests({ shotId: null, state: 'failed' });
  for (const record of failed)
    update(options.store, record, { state: 'pending', error: null, updatedAt: options.at });
  return failed.length;
}
