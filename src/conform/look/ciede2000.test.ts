import { describe, expect, it } from 'vitest';
import { ciede2000 } from './ciede2000.js';
import type { Lab } from './lab.js';

// Rows of Sharma, Wu & Dalal (2005), Table 1: Lab1, Lab2, ΔE00 to 4 decimals.
const SHARMA: readonly [Lab, Lab, number][] = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425], // 1: blue, chroma change
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615], // 2
  [[50, -1, 2], [50, 0, 0], 2.3669], // 7: near-neutral
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792], // 11: hue across 0/360
  [[50, 2.5, 0], [50, 0, -2.5], 4.3065], // 17
  [[50, 2.5, 0], [73, 25, -18], 27.1492], // 18
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644], // 25
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373], // 30
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082], // 34: very dark
];

describe('ciede2000', () => {
  it.each(SHARMA)('%j vs %j = %d', (a, b, expected) => {
    expect(ciede2000(a, b)).toBeCloseTo(expected, 4);
    // symmetric
    expect(ciede2000(b, a)).toBeCloseTo(expected, 4);
  });

  it('is zero for identical colours', () => {
    expect(ciede2000([40, 10, -5], [40, 10, -5])).toBe(0);
  });
});
