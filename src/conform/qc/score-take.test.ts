import { describe, expect, it } from 'vitest';
import type { QcFault } from './qc-fault.js';
import { scoreTake } from './score-take.js';

const f = (kind: QcFault['kind'], startFrame: number, endFrame: number): QcFault => ({
  kind,
  startFrame,
  endFrame,
  detail: '',
});

describe('scoreTake', () => {
  it.each([
    [[], 100],
    // one jump
    [[f('jump', 5, 5)], 70],
    // 12 frozen frames at 12 fps: 15 + 10 * 1 s
    [[f('frozen', 12, 23)], 75],
    // never below 0
    [Array.from({ length: 5 }, () => f('jump', 1, 1)), 0],
  ] as [QcFault[], number][])('%j -> %d', (faults, expected) => {
    expect(scoreTake({ faults, fps: 12 })).toBe(expected);
  });
});
