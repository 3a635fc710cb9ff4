import { describe, expect, it } from 'vitest';
import type { LookMatchRow } from '../../pipeline/match-project.js';
import { describeMatch } from './match.js';

const row = (
  shotId: string,
  status: LookMatchRow['status'],
  before: number,
  after: number,
  limited = false,
): LookMatchRow =>
  ({
    shotId,
    scene: '6',
    status,
    cdl: null,
    limited,
    distanceBefore: before,
    distanceAfter: after,
  }) as unknown as LookMatchRow;

describe('describeMatch', () => {
  it('prints per shot the distance before and after, and the mean of the matched shots', () => {
    expect(
      describeMatch([
        row('sc06a', 'matched', 4.5, 0.5),
        row('sc06b', 'matched', 40.7, 33.2, true),
        row('sc06c', 'opted-out', 30, 30),
      ]),
    ).toEqual([
      'shot          scene  ΔE00 before  after  what',
      'sc06a         6             4.50   0.50  matched',
      'sc06b         6            40.70  33.20  matched (held back by the safe limits)',
      'sc06c         6            30.00  30.00  opted out',
      'matched shots: mean ΔE00 22.60 -> 16.85',
    ]);
  });
});
