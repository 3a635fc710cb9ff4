/**
 * Look matching on the test set made with ffmpeg (tests/look/look-set.ts): the cast shots move
 * toward the scene's reference, measured through the CDL by ffmpeg; the opted-out night shot is
 * untouched; the editor's CDL wins.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CDL_LIMITS } from '../../src/conform/look/cdl-limits.js';
import { matchLooks } from '../../src/conform/look/match-looks.js';
import type { LookMatchRow, LookTake } from '../../src/conform/look/match-looks.js';
import { makeLookSet } from './look-set.js';
import type { LookSetClip } from './look-set.js';

const dir = mkdtempSync(join(tmpdir(), 'libero-look-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let set: LookSetClip[] = [];
let rows: LookMatchRow[] = [];
const take = (c: LookSetClip): LookTake => ({
  shotId: c.shotId,
  scene: '1',
  path: c.path,
  startSeconds: 0,
  durationSeconds: 2,
  optOut: c.optOut,
  editorCdl: null,
  look: null,
});

beforeAll(async () => {
  set = await makeLookSet({ dir, width: 160, height: 90, seconds: 2 });
  rows = await matchLooks({
    takes: set.map(take),
    scope: 'scene',
    choice: { kind: 'median' },
    limits: DEFAULT_CDL_LIMITS,
    deadBand: 1.5,
    samples: 6,
    signal: null,
    onMeasured: null,
  });
});

describe('look matching on the cast set', () => {
  it('cuts the mean colour distance of the cast shots by at least 60%', () => {
    const cast = rows.filter((r) => {
      const clip = set.find((c) => c.shotId === r.shotId);
      return clip !== undefined && clip.cast !== 'none' && clip.cast !== 'night';
    });
    expect(cast).toHaveLength(4);
    const before = cast.reduce((s, r) => s + r.distanceBefore, 0) / cast.length;
    const after = cast.reduce((s, r) => s + r.distanceAfter, 0) / cast.length;
    expect(before).toBeGreaterThan(4);
    expect(after).toBeLessThan(before * 0.4);
    // every single cast shot gets closer
    for (const r of cast) expect(r.distanceAfter).toBeLessThan(r.distanceBefore * 0.5);
  });

  it('leaves the opted-out night shot untouched', () => {
    const night = rows.find((r) => r.shotId === '1g');
    expect(night?.status).toBe('opted-out');
    expect(night?.cdl).toBeNull();
    expect(night?.distanceAfter).toBe(night?.distanceBefore);
    expect(night?.distanceBefore).toBeGreaterThan(20);
  });

  it('keeps the editor CDL and measures the shot through it', async () => {
    const warm = set.find((c) => c.cast === 'warm') as LookSetClip;
    const editorCdl = {
      slope: [1, 1, 1.1],
      offset: [0, 0, 0],
      power: [1, 1, 1],
      saturation: 1,
    } as const;
    const [row] = await matchLooks({
      takes: [{ ...take(warm), editorCdl }],
      scope: 'scene',
      choice: { kind: 'still', look: rows[0]?.look ?? (undefined as never), path: 'ref.png' },
      limits: DEFAULT_CDL_LIMITS,
      deadBand: 1.5,
      samples: 4,
      signal: null,
      onMeasured: null,
    });
    expect(row?.status).toBe('editor-cdl');
    expect(row?.cdl).toBeNull();
    // measured through the editor's CDL: more blue, so the distance changed
    expect(row?.distanceAfter).not.toBe(row?.distanceBefore);
  });
});

describe('look matching on the extended set (two strengths, combined casts, a shot near the reference)', () => {
  let extended: LookSetClip[] = [];
  let matched: LookMatchRow[] = [];
  beforeAll(async () => {
    const extendedDir = join(dir, 'extended');
    mkdirSync(extendedDir);
    extended = await makeLookSet({
      dir: extendedDir,
      width: 160,
      height: 90,
      seconds: 2,
      plan: 'extended',
    });
    matched = await matchLooks({
      takes: extended.map(take),
      scope: 'scene',
      choice: { kind: 'shot', shotId: '1a' },
      limits: DEFAULT_CDL_LIMITS,
      deadBand: 1.5,
      samples: 6,
      signal: null,
      onMeasured: null,
    });
  });

  it('brings every cast shot nearer, combined casts too, and cuts the mean by 75%', () => {
    const cast = matched.filter((r) => {
      const c = extended.find((x) => x.shotId === r.shotId)?.cast;
      return c !== undefined && !['none', 'night', 'trace warm'].includes(c);
    });
    expect(cast).toHaveLength(12);
    for (const r of cast) {
      expect({ id: r.shotId, nearer: r.distanceAfter < r.distanceBefore }).toEqual({
        id: r.shotId,
        nearer: true,
      });
    }
    const before = cast.reduce((s, r) => s + r.distanceBefore, 0) / cast.length;
    const after = cast.reduce((s, r) => s + r.distanceAfter, 0) / cast.length;
    expect(after).toBeLessThan(before * 0.25);
  });

  it('leaves the shot already near the reference alone (dead band)', () => {
    const near = matched.find((r) => r.shotId === '1p');
    expect(near?.distanceBefore).toBeLessThanOrEqual(1.5);
    expect(near).toMatchObject({ status: 'in-dead-band', cdl: null });
    expect(near?.distanceAfter).toBe(near?.distanceBefore);
  });
});
