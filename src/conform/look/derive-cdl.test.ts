import { describe, expect, it } from 'vitest';
import { applyCdl, applySaturation, IDENTITY_CDL } from './cdl.js';
import type { Cdl, Rgb } from './cdl.js';
import { ciede2000 } from './ciede2000.js';
import { DEFAULT_CDL_LIMITS } from './cdl-limits.js';
import { deriveCdl } from './derive-cdl.js';
import type { MatchLevels } from './derive-cdl.js';
import { rgbToLab } from './lab.js';

// A deterministic population of "pixels": a smooth spread of natural-ish colours.
const PIXELS: Rgb[] = [];
for (let i = 0; i < 400; i++) {
  const t = i / 399;
  PIXELS.push([
    0.15 + 0.7 * t,
    0.1 + 0.6 * (0.5 + 0.5 * Math.sin(i * 0.37)),
    0.08 + 0.5 * (0.5 + 0.5 * Math.cos(i * 0.23)),
  ]);
}

// What ffmpeg's signalstats would report, computed here only to build test inputs.
function levelsOf(pixels: readonly Rgb[]): MatchLevels {
  const channel = (
    k: 0 | 1 | 2,
  ): { min: number; lo: number; mean: number; hi: number; max: number } => {
    const v = pixels.map((p) => p[k]).sort((a, b) => a - b);
    return {
      min: v[0] ?? 0,
      max: v[v.length - 1] ?? 0,
      lo: v[Math.floor(v.length * 0.1)] ?? 0,
      mean: v.reduce((s, x) => s + x, 0) / v.length,
      hi: v[Math.floor(v.length * 0.9)] ?? 0,
    };
  };
  const [r, g, b] = [channel(0), channel(1), channel(2)];
  const sat =
    pixels.reduce((s, [pr, pg, pb]) => {
      const y = 0.299 * pr + 0.587 * pg + 0.114 * pb;
      return s + Math.hypot((pb - y) * 0.564, (pr - y) * 0.713);
    }, 0) / pixels.length;
  return {
    min: [r.min, g.min, b.min],
    max: [r.max, g.max, b.max],
    low: [r.lo, g.lo, b.lo],
    mean: [r.mean, g.mean, b.mean],
    high: [r.hi, g.hi, b.hi],
    saturation: sat,
  };
}

const REF = levelsOf(PIXELS);
const refLab = rgbToLab(REF.mean);
const distance = (pixels: readonly Rgb[]): number =>
  ciede2000(rgbToLab(levelsOf(pixels).mean), refLab);
const clamp = (v: number): number => Math.min(1, Math.max(0, v));

const CASTS: [string, (p: Rgb) => Rgb][] = [
  ['warm', ([r, g, b]) => [clamp(r * 1.12 + 0.02), g, clamp(b * 0.82)]],
  ['cold', ([r, g, b]) => [clamp(r * 0.85), clamp(g * 0.97), clamp(b * 1.15 + 0.03)]],
  ['lifted blacks', ([r, g, b]) => [r * 0.85 + 0.1, g * 0.85 + 0.1, b * 0.85 + 0.1]],
  ['desaturated', (p) => applySaturation(p, 0.5).map(clamp) as unknown as Rgb],
  // combined casts: each correction alone would undo part of another
  [
    'lifted blacks + warm tint + desaturated',
    (p) => {
      const [r, g, b] = applySaturation(p, 0.6);
      return [clamp(r * 0.85 + 0.12), clamp(g * 0.85 + 0.1), clamp(b * 0.8 + 0.06)];
    },
  ],
  [
    'crushed + cold + oversaturated',
    (p) => {
      const [r, g, b] = applySaturation(p, 1.4).map(clamp);
      return [clamp(((r ?? 0) - 0.05) * 0.9), clamp((g ?? 0) * 0.95), clamp((b ?? 0) * 1.1 + 0.03)];
    },
  ],
  ['weak warm', ([r, g, b]) => [clamp(r * 1.04 + 0.01), g, clamp(b * 0.94)]],
];

describe('deriveCdl', () => {
  it('gives the identity for a shot that already matches', () => {
    const { cdl, limited } = deriveCdl({ shot: REF, reference: REF, limits: DEFAULT_CDL_LIMITS });
    expect(limited).toBe(false);
    for (let c = 0; c < 3; c++) {
      expect(cdl.slope[c]).toBeCloseTo(1, 2);
      expect(cdl.offset[c]).toBeCloseTo(0, 2);
      expect(cdl.power[c]).toBeCloseTo(1, 1);
    }
    expect(cdl.saturation).toBeCloseTo(1, 2);
  });

  it.each(CASTS)('undoes a %s cast (colour distance drops by over 80%%)', (_name, cast) => {
    const shotPixels = PIXELS.map(cast);
    const { cdl } = deriveCdl({
      shot: levelsOf(shotPixels),
      reference: REF,
      limits: DEFAULT_CDL_LIMITS,
    });
    const before = distance(shotPixels);
    const after = distance(shotPixels.map((p) => applyCdl(cdl, p)));
    expect(before).toBeGreaterThan(2);
    expect(after).toBeLessThan(before * 0.2);
  });

  it('holds a night shot inside the limits instead of flattening it', () => {
    const night = PIXELS.map(([r, g, b]): Rgb => [r * 0.25, g * 0.3, clamp(b * 0.45 + 0.05)]);
    const { cdl, limited } = deriveCdl({
      shot: levelsOf(night),
      reference: REF,
      limits: DEFAULT_CDL_LIMITS,
    });
    expect(limited).toBe(true);
    const inside = (v: number, i: { min: number; max: number }): boolean =>
      v >= i.min && v <= i.max;
    expect(cdl.slope.every((v) => inside(v, DEFAULT_CDL_LIMITS.slope))).toBe(true);
    expect(cdl.offset.every((v) => inside(v, DEFAULT_CDL_LIMITS.offset))).toBe(true);
    expect(cdl.power.every((v) => inside(v, DEFAULT_CDL_LIMITS.power))).toBe(true);
    // Still clearly darker than the reference after the CDL.
    const after = levelsOf(night.map((p) => applyCdl(cdl, p)));
    expect(rgbToLab(after.mean)[0]).toBeLessThan(refLab[0] - 10);
  });

  it('pulls a fire shot only part of the way (mean colour moves at most 15 in a*b*)', () => {
    const fire = PIXELS.map(([r, g, b]): Rgb => [
      clamp(r * 1.3 + 0.1),
      clamp(g * 0.8),
      clamp(b * 0.4),
    ]);
    const { cdl, limited } = deriveCdl({
      shot: levelsOf(fire),
      reference: REF,
      limits: DEFAULT_CDL_LIMITS,
    });
    expect(limited).toBe(true);
    const before = rgbToLab(levelsOf(fire).mean);
    const after = rgbToLab(applyCdl(cdl, levelsOf(fire).mean));
    expect(Math.hypot(after[1] - before[1], after[2] - before[2])).toBeLessThanOrEqual(15.001);
    // still far from the reference: not flattened
    expect(ciede2000(after, refLab)).toBeGreaterThan(10);
  });

  it('never moves a shot farther from the reference than it started', () => {
    // a shot whose mean already matches but whose spread differs: any CDL the fit finds may not
    // move the mean colour away
    const flatter = PIXELS.map(
      (p): Rgb =>
        p.map((v, c) => {
          const m = REF.mean[c as 0 | 1 | 2];
          return m + (v - m) * 0.9;
        }) as unknown as Rgb,
    );
    const { cdl } = deriveCdl({
      shot: levelsOf(flatter),
      reference: REF,
      limits: DEFAULT_CDL_LIMITS,
    });
    const after = distance(flatter.map((p) => applyCdl(cdl, p)));
    expect(after).toBeLessThanOrEqual(distance(flatter) + 1e-6);
  });

  it('keeps every parameter inside the safe limits', () => {
    const wild = PIXELS.map(([r, g, b]): Rgb => [clamp(r * 0.3), clamp(g * 2 + 0.2), b * 0.1]);
    const { cdl } = deriveCdl({ shot: levelsOf(wild), reference: REF, limits: DEFAULT_CDL_LIMITS });
    const inside = (v: number, i: { min: number; max: number }): boolean =>
      v >= i.min - 1e-12 && v <= i.max + 1e-12;
    expect(cdl.slope.every((v) => inside(v, DEFAULT_CDL_LIMITS.slope))).toBe(true);
    expect(cdl.offset.every((v) => inside(v, DEFAULT_CDL_LIMITS.offset))).toBe(true);
    expect(cdl.power.every((v) => inside(v, DEFAULT_CDL_LIMITS.power))).toBe(true);
    expect(inside(cdl.saturation, DEFAULT_CDL_LIMITS.saturation)).toBe(true);
  });

  it('applyCdl of the identity changes nothing', () => {
    const c: Cdl = IDENTITY_CDL;
    expect(applyCdl(c, [0.2, 0.5, 0.9])).toEqual([0.2, 0.5, 0.9]);
  });
});
