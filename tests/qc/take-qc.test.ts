/**
 * Take QC on the set made with ffmpeg (tests/qc/qc-set.ts): every injected fault is found
 * within 2 frames, with its kind; the clean clips have none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTake } from '../../src/conform/qc/check-take.js';
import type { TakeQc } from '../../src/conform/qc/qc-fault.js';
import { makeQcSet } from './qc-set.js';
import type { QcSetClip } from './qc-set.js';

const dir = mkdtempSync(join(tmpdir(), 'libero-qc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const results = new Map<string, { clip: QcSetClip; qc: TakeQc }>();

beforeAll(async () => {
  const set = await makeQcSet({ dir, width: 160, height: 90, seconds: 3 });
  for (const clip of set) {
    const qc = await checkTake({
      path: clip.path,
      joins: clip.joins,
      thresholds: null,
      settings: null,
      signal: null,
    });
    results.set(clip.name, { clip, qc });
  }
});

describe('take QC on the injected set', () => {
  it('finds no fault in the clean clips and scores them 100', () => {
    const clean = [...results.values()].filter((r) => r.clip.expected.length === 0);
    expect(clean.length).toBeGreaterThanOrEqual(3);
    for (const r of clean) {
      expect({ name: r.clip.name, faults: r.qc.faults }).toEqual({ name: r.clip.name, faults: [] });
      expect(r.qc.score).toBe(100);
    }
  });

  it('finds every injected fault within 2 frames and nothing else', () => {
    for (const { clip, qc } of results.values()) {
      if (clip.expected.length === 0) continue;
      const found = qc.faults.map((f) => ({ kind: f.kind, frame: f.startFrame }));
      expect({ name: clip.name, count: found.length }).toEqual({
        name: clip.name,
        count: clip.expected.length,
      });
      for (const e of clip.expected) {
        const hit = found.find((f) => f.kind === e.kind && Math.abs(f.frame - e.frame) <= 2);
        expect({ name: clip.name, kind: e.kind, hit: hit !== undefined }).toEqual({
          name: clip.name,
          kind: e.kind,
          hit: true,
        });
      }
      expect(qc.score).toBeLessThan(100);
      expect(qc.fps).toBe(12);
      expect(qc.frames).toBe(36);
    }
  });
});
