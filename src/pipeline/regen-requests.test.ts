import { describe, expect, it } from 'vitest';
import { openSqliteStateStore } from '../generators/sqlite-state-store.js';
import { Clip, Marker, RationalTime, TimeRange } from '../timeline/index.js';
import type { ShotEntry } from '../shots/index.js';
import { regenFromStore } from './regen-requests.js';

/** A shot entry whose clip carries these markers (frame, name, note at 24 fps). */
function entry(markers: readonly [number, string, string][], regen?: number): ShotEntry {
  const clip = new Clip({
    name: 'sh010',
    metadata: regen === undefined ? {} : { libero: { regen } },
    markers: markers.map(
      ([frame, name, comment]) =>
        new Marker({
          name,
          comment,
          markedRange: new TimeRange(new RationalTime(frame, 24), new RationalTime(0, 24)),
        }),
    ),
  });
  return { spec: { shotId: 'sh010' }, clip } as unknown as ShotEntry;
}

describe('regenFromStore', () => {
  it('gives each new regen marker its own offset and keeps it while the marker stays', () => {
    const store = openSqliteStateStore(':memory:');
    const plan = (e: ShotEntry) =>
      regenFromStore({ store, planning: { at: 't', forced: null } })(e);
    // (frames, name, note) of the markers on the clip at each save -> the offset planned
    const saves: [readonly [number, string, string][], number][] = [
      [[], 0], // no marker: the first take
      [[[0, 'regen', '']], 1], // marker A: a new offset
      [[[0, 'regen', '']], 1], // A stays: the same
      [[], 0], // A removed
      [[[12, 'regen', '']], 2], // marker B elsewhere: new, never A's offset again
      [[[12, 'regen', 'more fog']], 3], // B's note changed: another marker
      [
        [
          [12, 'regen', 'more fog'],
          [0, 'regen', ''],
        ],
        3,
      ], // A back: its own (older) offset, B newest
      [
        [
          [3, 'regen', 'seed: 7'],
          [12, 'regen', 'more fog'],
        ],
        0,
      ], // a seeded note: seed as written
    ];
    expect(saves.map(([markers]) => plan(entry(markers)))).toEqual(saves.map(([, n]) => n));
    expect(store.requests({ shotId: 'sh010', state: 'pending' }).map((r) => r.regen)).toEqual([
      1, 2, 3, 4,
    ]);
    store.close();
  });

  it('adds metadata.libero.regen; a forced request plans its shot as when it was the newest', () => {
    const store = openSqliteStateStore(':memory:');
    const plan = (forced: number | null) =>
      regenFromStore({
        store,
        planning: { at: 't', forced: forced === null ? null : { shotId: 'sh010', regen: forced } },
      });
    const e = entry([[0, 'regen', '']], 2);
    expect(plan(null)(e)).toBe(3); // the marker's offset 1, plus metadata.libero.regen 2
    expect(plan(1)(e)).toBe(3); // its own request: the same take, not another
    expect(plan(9)(e)).toBe(11);
    const seeded = entry([
      [0, 'regen', ''],
      [5, 'regen', 'seed: 42'],
    ]);
    expect(plan(null)(seeded)).toBe(0); // the seeded marker (offset 2) is the newest: 42 as written
    expect(plan(2)(seeded)).toBe(0); // its own request: the same
    expect(plan(1)(seeded)).toBe(1); // the older marker's request: from before the seeded note
    store.close();
  });
});
