import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { diffShots, findShots } from '../../src/shots/index.js';
import { buildTimeline } from './build-timeline.js';
import type { TestClip } from './build-timeline.js';

const config = parseProjectConfig({ json: { seedGroups: { city: 7 } }, file: 'libero.json' });
const shotsOf = (clips: TestClip[]) =>
  findShots({ timeline: buildTimeline(clips), config, fileExists: () => false }).shots;

const a: TestClip = {
  name: 'sc01',
  frames: 48,
  libero: { prompt: 'a street', seed_group: 'city' },
};
const b: TestClip = { name: 'sc02', frames: 24, libero: { prompt: 'a window', motion: 'push in' } };
const c: TestClip = { name: 'sc03', frames: 24, libero: { prompt: 'a bed' } };

describe('shot identity', () => {
  it('keeps the id and the request when clips are reordered, moved or trimmed', () => {
    const before = shotsOf([a, b, c]);
    // c moved to the front, a trimmed at its head and tail
    const after = shotsOf([c, { ...a, start: 6, frames: 30 }, b]);
    const hashes = (list: typeof before) => new Map(list.map((s) => [s.spec.shotId, s.specHash]));
    expect(hashes(after)).toEqual(hashes(before));
  });

  it('uses metadata.libero.shot_id over the name, and makes duplicate names unique', () => {
    const shots = shotsOf([
      { ...a, name: 'renamed', libero: { ...a.libero, shot_id: 'sc01' } },
      { ...b, name: 'copy' },
      { ...b, name: 'copy' },
    ]);
    expect(shots.map((s) => s.spec.shotId)).toEqual(['sc01', 'copy', 'copy-2']);
  });
});

describe('diffShots', () => {
  it('classifies added, removed, spec changed, regenerate, moved and unchanged', () => {
    const before = shotsOf([a, b, c]);
    const after = shotsOf([
      // a: trimmed (only moved)
      { ...a, frames: 40 },
      // b: motion changed
      { ...b, libero: { ...b.libero, motion: 'pan left' } },
      // d: new
      { name: 'sc04', frames: 24, libero: { prompt: 'mountains' } },
      // c: regenerate requested
      { ...c, markers: [{ name: 'regen', comment: '' }] },
    ]);
    expect(diffShots(before, after)).toEqual([
      { shotId: 'sc01', kind: 'moved', fields: [] },
      { shotId: 'sc02', kind: 'spec-changed', fields: ['motion'] },
      { shotId: 'sc03', kind: 'regenerate', fields: [] },
      { shotId: 'sc04', kind: 'added', fields: [] },
    ]);
    expect(diffShots(after, shotsOf([a]))).toEqual([
      { shotId: 'sc01', kind: 'moved', fields: [] },
      { shotId: 'sc02', kind: 'removed', fields: [] },
      { shotId: 'sc03', kind: 'removed', fields: [] },
      { shotId: 'sc04', kind: 'removed', fields: [] },
    ]);
  });

  it('reports the changed fields of a new prompt or seed', () => {
    const after = shotsOf([{ ...a, libero: { prompt: 'a square', seed: 3 } }]);
    expect(diffShots(shotsOf([a]), after)).toEqual([
      { shotId: 'sc01', kind: 'spec-changed', fields: ['prompt', 'seed', 'seedGroup'] },
    ]);
    expect(diffShots(shotsOf([a]), shotsOf([a]))).toEqual([
      { shotId: 'sc01', kind: 'unchanged', fields: [] },
    ]);
  });
});
