import { describe, expect, it } from 'vitest';
import type { FrameMotion, QcPassResult } from '../../media/index.js';
import { frozenRuns, isStill } from './frozen-runs.js';
import { DEFAULT_QC_THRESHOLDS } from './qc-thresholds.js';

describe('isStill', () => {
  // Per-frame motion as the QC pass measured it on tests/qc's clips (8 analysis px a block).
  it.each([
    // a frozen picture under fresh grain: only grain changes, one frame or 6 back (640x360, 24 fps)
    [
      'frozen under grain',
      { pixelMean: 3.72, blockMax: 2.58, blockMean: 0.591, laggedMax: 2.43, laggedMean: 0.574 },
      true,
    ],
    // an exact repeat after H.264: nothing changes
    [
      'exact repeat',
      { pixelMean: 0.01, blockMax: 0.1, blockMean: 0.002, laggedMax: 0.1, laggedMean: 0.002 },
      true,
    ],
    // a 0.25%-of-frame subject moving 2 px a frame under grain (640x360, 12 fps)
    [
      'small subject under grain',
      { pixelMean: 3.85, blockMax: 15.9, blockMean: 0.609, laggedMax: 47.4, laggedMean: 0.707 },
      false,
    ],
    // the same subject without grain: one block changes, the frame's mean hardly
    [
      'small subject, clean',
      { pixelMean: 0.03, blockMax: 13.6, blockMean: 0.033, laggedMax: 41.8, laggedMean: 0.098 },
      false,
    ],
    // a slow pan under light grain: every block changes a little
    [
      'slow pan under grain',
      { pixelMean: 3.22, blockMax: 7.22, blockMean: 1.308, laggedMax: 17.65, laggedMean: 3.655 },
      false,
    ],
    // a slow fade between two steps of its 8-bit ramp: every block darkens a little
    [
      'slow fade',
      { pixelMean: 0.42, blockMax: 3.28, blockMean: 0.393, laggedMax: 15.31, laggedMean: 5.677 },
      false,
    ],
    // a slow drift under heavy grain at 24 fps: one frame's step is lost in the grain, a quarter
    // of a second back it is not
    [
      'slow drift under grain, 24 fps',
      { pixelMean: 3.75, blockMax: 2.96, blockMean: 0.642, laggedMax: 5.64, laggedMean: 1.539 },
      false,
    ],
    // 1920x1080: grain averages more inside a block (36 source pixels a side)...
    [
      'frozen under grain, 1080p',
      { pixelMean: 1.47, blockMax: 0.96, blockMean: 0.213, laggedMax: 0.96, laggedMean: 0.21 },
      true,
    ],
    // ...and the 0.25% subject (72 px) moving 2 px a frame still stands out
    [
      'small subject under grain, 1080p',
      { pixelMean: 1.49, blockMax: 6.47, blockMean: 0.224, laggedMax: 18.7, laggedMean: 0.253 },
      false,
    ],
  ] as const)('%s', (_name, motion: FrameMotion, still) => {
    expect(isStill({ motion, blockPixels: 8, thresholds: DEFAULT_QC_THRESHOLDS })).toBe(still);
  });
});

describe('frozenRuns', () => {
  const moving: FrameMotion = {
    pixelMean: 3.8,
    blockMax: 16,
    blockMean: 0.6,
    laggedMax: 40,
    laggedMean: 0.7,
  };
  const still: FrameMotion = { ...moving, blockMax: 2.7, blockMean: 0.58 };
  const stillBoth: FrameMotion = { ...still, laggedMax: 2.6, laggedMean: 0.57 };
  // lag 2: still against the frame before from `a`, against two back from `a + 1`
  const pass = (stillFrames: (i: number) => boolean, n = 36): QcPassResult => ({
    frames: Array.from({ length: n }, (_, i) => ({
      time: i / 12,
      luma: 100,
      sceneScore: 0,
      motion:
        i === 0
          ? null
          : stillFrames(i) && (i === 1 || stillFrames(i - 1))
            ? stillBoth
            : stillFrames(i)
              ? still
              : moving,
    })),
    black: [],
    blockPixels: 8,
    lag: 2,
  });

  it.each([
    // frames 13..23 repeat frame 12: the run starts at the repeated frame
    ['one run', (i: number) => i >= 13 && i <= 23, [[12, 23]]],
    // lasting to the end
    ['to the end', (i: number) => i >= 30, [[29, 35]]],
    // 4 still frames (0.33 s at 12 fps) are under freezeMinSeconds
    ['too short', (i: number) => i >= 10 && i <= 13, []],
    // frozen from the first frame
    ['from the start', (i: number) => i <= 8, [[0, 8]]],
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
