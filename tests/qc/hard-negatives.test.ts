/**
 * Take QC on footage a whole-frame detector gets wrong (tests/qc/qc-hard-set.ts), made with
 * ffmpeg at 640x360 and, for three clips kept short, at 1920x1080 and at 24 fps: locked-off wides with a small
 * moving subject (down to 0.25% of the frame, with and without grain), fast and whip pans, a fade
 * that stops short of black, a night scene, a light coming on, camera shake. None may get a
 * fault; a freeze under grain must be found within 2 frames.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTake } from '../../src/conform/qc/check-take.js';
import type { TakeQc } from '../../src/conform/qc/qc-fault.js';
import { HARD_FAULTS, HARD_NEGATIVES } from './qc-hard-set.js';
import { makeQcSet } from './qc-set.js';
import type { QcSetClip } from './qc-set.js';

const dir = mkdtempSync(join(tmpdir(), 'libero-qc-hard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results: { size: string; clip: QcSetClip; qc: TakeQc }[] = [];

async function check(
  size: [number, number, number],
  seconds: number,
  names: string[] | null,
): Promise<void> {
  const recipes = [...HARD_NEGATIVES, ...HARD_FAULTS].filter(
    (r) => names === null || names.includes(r.name),
  );
  const [width, height, fps] = size;
  const set = await makeQcSet({ dir, width, height, seconds, fps, recipes });
  for (const clip of set) {
    const qc = await checkTake({
      path: clip.path,
      joins: clip.joins,
      thresholds: null,
      settings: null,
      signal: null,
    });
    results.push({ size: `${width}x${height}@${fps}`, clip, qc });
  }
}

beforeAll(async () => {
  await check([640, 360, 12], 3, null);
  // 1080p kept to 2.5 s and three clips here, and three at 24 fps; the bench runs the whole set
  const few = ['wide-subject-0.25pc-grain', 'whip-pan', 'frozen-under-grain'];
  await check([1920, 1080, 12], 2.5, few);
  await check([640, 360, 24], 2.5, few);
}, 240_000);

describe('take QC on hard negatives', () => {
  it('gives every clean clip no fault and a score of 100, at both sizes', () => {
    const clean = results.filter((r) => r.clip.expected.length === 0);
    expect(clean.length).toBe(HARD_NEGATIVES.length + 4);
    for (const r of clean) {
      const name = `${r.clip.name} ${r.size}`;
      expect({ name, faults: r.qc.faults }).toEqual({ name, faults: [] });
      expect({ name, score: r.qc.score }).toEqual({ name, score: 100 });
    }
  });

  it('finds a freeze under fresh grain within 2 frames, and nothing else', () => {
    const faulty = results.filter((r) => r.clip.expected.length > 0);
    expect(faulty.length).toBe(HARD_FAULTS.length + 2);
    for (const r of faulty) {
      const name = `${r.clip.name} ${r.size}`;
      const found = r.qc.faults.map((f) => ({ kind: f.kind, near: f.startFrame }));
      expect({ name, count: found.length }).toEqual({ name, count: r.clip.expected.length });
      for (const e of r.clip.expected) {
        const hit = found.some((f) => f.kind === e.kind && Math.abs(f.near - e.frame) <= 2);
        expect({ name, kind: e.kind, hit }).toEqual({ name, kind: e.kind, hit: true });
      }
      expect(r.qc.score).toBeLessThan(100);
    }
  });
});
