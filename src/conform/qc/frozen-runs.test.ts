import { describe, expect, it } from 'vitest';
import type { FrameMotion, QcPassResult } from '../../media/index.js';
import { frozenRuns, isStill } from './frozen-runs.js';
import { DEFAULT_QC_THRESHOLDS } from './qc-thresholds.js';

describe('isStill', () => {
  // Per-frame motion as the QC pass measured it on tests/qc's clips (8 analysis px a block).
  it.each([
    // a frozen picture under fresh grain: only grain changes (640x360)
    ['frozen under grain', { pixelMean: 3.79, blockMax: 2.75, blockMean: 0.58 }, true],
    // an exact repeat after H.264: nothing changes
    ['exact repeat', { pixelMean: 0.01, blockMax: 0.1, blockMean: 0.002 }, true],
    // a 0.25%-of-frame subject moving 2 px a frame under the same grain
    ['small subject under grain', { pixelMean: 3.85, blockMax: 16.3, blockMean: 0.61 }, false],
    // the same subject without grain: one block changes, the frame's mean hardly
    ['small subject, clean', { pixelMean: 0.03, blockMax: 13, blockMean: 0.032 }, false],
    // a slow pan under light grain: every block changes a little
    ['slow pan under grain', { pixelMean: 3.28, blockMax: 5.4, blockMean: 1.1 }, false],
    // a slow fade between two steps of its 8-bit ramp: every block darkens a little
    ['slow fade', { pixelMean: 0.42, blockMax: 3.28, blockMean: 0.393 }, false],
    // 1920x1080: grain averages more inside a block (36 source pixels a side)...
    ['frozen under grain, 1080p', { pixelMean: 1.46, blockMax: 1, blockMean: 0.221 }, true],
    // ...and the 0.25% subject (72 px) moving 2 px a frame still stands out
    ['small subject under grain, 1080p', { pixelMean: 1.48, blockMax: 6, blockMean: 0.22 }, false],
  ] as const)('%s', (_name, motion: FrameMotion, still) => {
    expect(isStill({ motion, blockPixels: 8, thresholds: DEFAULT_QC_THRESHOLDS })).toBe(still);
  });
});

describe('frozenRuns', () => {
  const moving: FrameMotion = { pixelMean: 3.8, blockMax: 16, blockMean: 0.6 };
  const still: FrameMotion = { pixelMean: 3.8, blockMax: 2.7, blockMean: 0.58 };
  const pass = (stillFrames: (i: number) => boolean, n = 36): QcPassResult => ({
    frames: Array.from({ length: n }, (_, i) => ({
      time: i / 12,
      luma: 100,
      sceneScore: 0,
      motion: i === 0 ? null : stillFrames(i) ? still : moving,
    })),
    black: [],
    blockPixels: 8,
  });

  it.each([
    // frames 13..23 repeat frame 12: the run starts at the repeated frame
    ['one run', (i: number) => i >= 13 && i <= 23, [[12, 23]]],
    // lasting to the end
    ['to the end', (i: number) => i >= 30, [[29, 35]]],
    // 4 still frames (0.33 s at 12 fps) are under freezeMinSeconds
    ['too short', (i: number) => i >= 10 && i <= 13, []],
    // two runs
    [
      'two runs',
      (i: number) => (i >= 3 && i <= 9) || (i >= 20 && i <= 26),
      [
        [2, 9],
        [19, 26],
      ],
    ],
  ] as const)('%s', (_name, stillAt, expected) => {
    expect(frozenRuns({ pass: pass(stillAt), fps: 12, thresholds: DEFAULT_QC_THRESHOLDS })).toEqual(
      expected,
    );
  });
});
