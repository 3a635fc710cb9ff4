/**
 * Regen markers as requests kept in the state store. Each regen marker on a shot (known by its
 * position in the clip, name and note: Resolve's export keeps no marker ids) is stored the first
 * time it is seen, with a regen offset of its own: one more than any request of the shot had, and
 * at least the shot's number of takes. The shot is planned with the offset of its newest marker,
 * so a marker never seen before always asks for a take the shot does not have, whether or not
 * earlier markers were removed, and a marker that stays asks for the same take again.
 *
 *   save 1: marker A        -> request A, offset 1  -> take 2
 *   save 2: (A removed)     -> offset 0             -> take 1 (exists: nothing to make)
 *   save 3: marker B        -> request B, offset 2  -> take 3
 *   save 4: marker B stays  -> offset 2             -> take 3 (exists)
 *
 * `libero serve` and `libero generate`/`render` (generate-with-requests.ts) plan the same way on
 * one state store, so whichever sees a marker first stores it and the other finds it stored.
 */
import type { RegenMarker, ShotEntry } from '../shots/index.js';
import { readRegenMarkers, regenFromRequests } from '../shots/index.js';
import type { StateStore } from '../generators/state-store.js';

/**
 * One request's own plan: its shot is planned as when this offset was its newest request (the
 * offset counted from the newest seeded marker at or below it, plus `metadata.libero.regen`).
 */
export interface ForcedRegen {
  readonly shotId: string;
  readonly regen: number;
}

/** How a plan stores and reads regen requests (`libero serve` and the CLI alike). */
export interface RegenPlanning {
  /** When new requests are stored. */
  readonly at: string;
  readonly forced: ForcedRegen | null;
}

/** The state-store id of a regen marker's request. */
export function markerRequestId(shotId: string, marker: RegenMarker): string {
  return `marker:${shotId}:${marker.identity}`;
}

/**
 * The `regenFor` of a plan (plan-project.ts): stores each shot's regen markers not seen before
 * as requests and returns the offset the shot is planned with.
 */
export function regenFromStore(options: {
  store: StateStore;
  planning: RegenPlanning;
}): (entry: ShotEntry) => number {
  const { store, planning } = options;
  return (entry) => {
    const { shotId } = entry.spec;
    const { markers, metadataRegen } = readRegenMarkers(entry.clip);
    const known = new Map(store.requests({ shotId, state: null }).map((r) => [r.id, r]));
    if (planning.forced?.shotId === shotId) {
      // The shot as it was when this request was its newest: the same count as below, so the
      // request's own take is the take the shot's plan made then (a seeded note's seed as
      // written, metadata.libero.regen added), never a second one.
      const { regen } = planning.forced;
      const offsetOf = (m: RegenMarker): number =>
        known.get(markerRequestId(shotId, m))?.regen ?? 0;
      const seeded = markers
        .filter((m) => m.seeded && offsetOf(m) <= regen)
        .reduce((n, m) => Math.max(n, offsetOf(m)), 0);
      return regen - seeded + metadataRegen;
    }
    if (markers.length === 0) return metadataRegen;
    let next = Math.max(
      [...known.values()].reduce((n, r) => Math.max(n, r.regen), 0) + 1,
      store.takes(shotId).length,
    );
    const offsets = new Map<string, number>();
    for (const marker of markers) {
      const id = markerRequestId(shotId, marker);
      const stored =
        known.get(id) ??
        store.addRequest({
          id,
          shotId,
          source: 'marker',
          params: JSON.stringify({ at: marker.atSeconds, name: marker.name, note: marker.note }),
          regen: next,
          createdAt: planning.at,
        }).request;
      known.set(id, stored);
      next = Math.max(next, stored.regen + 1);
      offsets.set(marker.identity, stored.regen);
    }
    return regenFromRequests({
      markers,
      metadataRegen,
      offsetOf: (m) => offsets.get(m.identity) ?? 0,
    });
  };
}

/**
 * The offset a shot was planned with for the regen markers on its clip, read from the stored
 * requests only (nothing is stored; a marker never stored counts 0): how an earlier version of
 * the timeline (the conformed file) compares with the current plan.
 */
export function regenFromStored(options: { store: StateStore }): (entry: ShotEntry) => number {
  return (entry) => {
    const { shotId } = entry.spec;
    const { markers, metadataRegen } = readRegenMarkers(entry.clip);
    const known = new Map(
      options.store.requests({ shotId, state: null }).map((r) => [r.id, r.regen]),
    );
    return regenFromRequests({
      markers,
      metadataRegen,
      offsetOf: (m) => known.get(markerRequestId(shotId, m)) ?? 0,
    });
  };
}

/** Whether the regen marker of the stored request `requestId` is still on the entry's clip. */
export function markerStillOn(entry: ShotEntry, requestId: string): boolean {
  return readRegenMarkers(entry.clip).markers.some(
    (m) => markerRequestId(entry.spec.shotId, m) === requestId,
  );
}
