import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { applyCdl, IDENTITY_CDL } from './cdl.js';
import type { Rgb } from './cdl.js';
import { DEFAULT_CDL_LIMITS } from './cdl-limits.js';
import { rgbToLab } from './lab.js';
import type { LookStats } from './look-stats.js';
import { planLookMatch } from './plan-look-match.js';
import type { LookShot } from './plan-look-match.js';

function look(mean: Rgb, spread = 0.3): LookStats {
  const lab = rgbToLab(mean);
  return {
    min: mean.map((v) => v - spread) as unknown as Rgb,
    low: mean.map((v) => v - spread * 0.8) as unknown as Rgb,
    mean,
    high: mean.map((v) => v + spread * 0.8) as unknown as Rgb,
    max: mean.map((v) => v + spread) as unknown as Rgb,
    saturation: 0.1,
    frameLabs: [lab],
    lab,
  };
}

const shot = (
  shotId: string,
  scene: string,
  mean: Rgb,
  extra: Partial<LookShot> = {},
): LookShot => ({
  shotId,
  scene,
  look: look(mean),
  optOut: false,
  editorCdl: null,
  ...extra,
});

const SHOTS: LookShot[] = [
  shot('1a', '1', [0.5, 0.45, 0.4]),
  shot('1b', '1', [0.52, 0.45, 0.38]),
  shot('1c', '1', [0.58, 0.45, 0.32]), // warm
  shot('1d', '1', [0.2, 0.2, 0.3], { optOut: true }), // night
  shot('1e', '1', [0.4, 0.45, 0.5], {
    editorCdl: { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1.2 },
  }),
  shot('2a', '2', [0.3, 0.3, 0.3]),
];

describe('planLookMatch', () => {
  const plan = planLookMatch({
    shots: SHOTS,
    scope: 'scene',
    choice: { kind: 'median' },
    limits: DEFAULT_CDL_LIMITS,
    deadBand: 1.5,
  });
  const by = (id: string) => plan.find((d) => d.shotId === id);

  it('derives a CDL for every shot that takes part', () => {
    expect(by('1c')?.status).toBe('matched');
    const cdl = by('1c')?.cdl ?? IDENTITY_CDL;
    // the warm shot's mean colour moves to the reference's (less red, more blue)
    const moved = applyCdl(cdl, [0.58, 0.45, 0.32]);
    expect(moved[0]).toBeCloseTo(0.52, 1);
    expect(moved[2]).toBeCloseTo(0.38, 1);
  });

  it('leaves a shot within the dead band alone, and matches it when the band is narrower', () => {
    // 1b is the median itself here (distance 0); 1a lies farther than 1.5 ΔE00 from it
    expect(by('1b')).toMatchObject({ status: 'in-dead-band', cdl: null });
    const a = by('1a');
    expect(a?.distanceBefore).toBeGreaterThan(1.5);
    expect(a?.status).toBe('matched');
    const wide = planLookMatch({
      shots: SHOTS,
      scope: 'scene',
      choice: { kind: 'median' },
      limits: DEFAULT_CDL_LIMITS,
      deadBand: 5,
    });
    expect(wide.find((d) => d.shotId === '1a')).toMatchObject({
      status: 'in-dead-band',
      cdl: null,
    });
  });

  it('lets the editor CDL win and leaves opted-out shots alone', () => {
    expect(by('1e')).toMatchObject({ status: 'editor-cdl', cdl: null });
    expect(by('1d')).toMatchObject({ status: 'opted-out', cdl: null });
  });

  it('takes the median of the shots that take part only', () => {
    // median of 1a, 1b, 1c (not the night shot, not the graded one)
    expect(by('1a')?.reference.mean).toEqual([0.52, 0.45, 0.38]);
  });

  it('matches each scene to its own reference', () => {
    // a scene of one shot is its own reference: the distance is 0 and nothing is written
    expect(by('2a')?.distanceBefore).toBeCloseTo(0, 6);
    expect(by('2a')).toMatchObject({ status: 'reference', cdl: null });
  });

  it('uses a chosen reference shot, which is not changed itself', () => {
    const chosen = planLookMatch({
      shots: SHOTS,
      scope: 'scene',
      choice: { kind: 'shot', shotId: '1a' },
      limits: DEFAULT_CDL_LIMITS,
      deadBand: 1.5,
    });
    expect(chosen.find((d) => d.shotId === '1a')).toMatchObject({ status: 'reference', cdl: null });
    expect(chosen.find((d) => d.shotId === '1c')?.reference.mean).toEqual([0.5, 0.45, 0.4]);
    // scene 2 has no such shot: it keeps its median
    expect(chosen.find((d) => d.shotId === '2a')?.distanceBefore).toBeCloseTo(0, 6);
  });

  it('names an unknown reference shot when matching the whole project', () => {
    let error: unknown;
    try {
      planLookMatch({
        shots: SHOTS,
        scope: 'project',
        choice: { kind: 'shot', shotId: '9z' },
        limits: DEFAULT_CDL_LIMITS,
        deadBand: 1.5,
      });
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'LOOK_REFERENCE_INVALID')).toBe(true);
    expect(String(error)).toContain('9z');
  });
});
