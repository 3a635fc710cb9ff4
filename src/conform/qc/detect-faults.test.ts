import { describe, expect, it } from 'vitest';
import type { FrameMotion, QcPassResult, TimeRun } from '../../media/index.js';
import { detectFaults, passFrameRate } from './detect-faults.js';
import { DEFAULT_QC_THRESHOLDS } from './qc-thresholds.js';

// Measured by the QC pass at 640x360 (tests/qc): a drifting picture, and a frozen one under grain
// (still against the frame before; against 3 back too once 3 still frames have passed).
const MOVING: FrameMotion = {
  pixelMean: 3.2,
  blockMax: 5.5,
  blockMean: 1.4,
  laggedMax: 17,
  laggedMean: 3.6,
};
const STILL_1: FrameMotion = { ...MOVING, pixelMean: 3.8, blockMax: 2.7, blockMean: 0.58 };
const STILL: FrameMotion = { ...STILL_1, laggedMax: 2.6, laggedMean: 0.57 };
const LAG = 3;

/**
 * A 12 fps pass of `n` moving frames at luma 120 with scene scores near 0, then `edit`
 * applied; `runs.still` lists the frames [first, last] that differ from the one before by
 * grain only, `runs.black` blackdetect's runs.
 */
function pass(
  n: number,
  edit: (frames: { time: number; luma: number; sceneScore: number }[]) => void = () => {},
  runs: { still?: [number, number]; black?: TimeRun[] } = {},
): QcPassResult {
  const frames = Array.from({ length: n }, (_, i) => ({
    time: i / 12,
    luma: 120 + (i % 3) * 0.2,
    sceneScore: i === 0 ? 0 : 0.3,
    motion: null as FrameMotion | null,
  }));
  edit(frames);
  const [a, b] = runs.still ?? [-1, -1];
  for (const [i, f] of frames.entries()) {
    const still = i >= a && i <= b;
    f.motion =
      i === 0 ? null : still && i >= Math.max(1, a + LAG - 1) ? STILL : still ? STILL_1 : MOVING;
  }
  return { frames, black: runs.black ?? [], blockPixels: 8, lag: LAG };
}

const set = (
  frames: { luma: number; sceneScore: number }[],
  i: number,
  v: { luma?: number; sceneScore?: number },
): void => {
  const f = frames[i];
  if (f === undefined) return;
  if (v.luma !== undefined) f.luma = v.luma;
  if (v.sceneScore !== undefined) f.sceneScore = v.sceneScore;
};

const kinds = (p: QcPassResult, joins: number[] = []) =>
  detectFaults({ pass: p, thresholds: DEFAULT_QC_THRESHOLDS, joins }).map((f) => [
    f.kind,
    f.startFrame,
    f.endFrame,
  ]);

describe('detectFaults', () => {
  it('finds nothing in a clean take', () => {
    expect(kinds(pass(36))).toEqual([]);
  });

  it.each([
    // a 2-frame bright flicker: luma up at 10, back at 12 (scdet fires at both edges)
    [
      'bright flicker',
      (f: { luma: number; sceneScore: number }[]) => {
        set(f, 10, { luma: 150, sceneScore: 9.5 });
        set(f, 11, { luma: 150 });
        set(f, 12, { sceneScore: 9.4 });
      },
      [['flicker', 10, 11]],
    ],
    // a scene change that stays: a jump, not a flicker
    [
      'jump with a luma step',
      (f: { luma: number; sceneScore: number }[]) => {
        for (let i = 18; i < 36; i++) set(f, i, { luma: 140 });
        set(f, 18, { sceneScore: 20 });
      },
      [['jump', 18, 18]],
    ],
    // a jump without any luma change
    [
      'jump',
      (f: { luma: number; sceneScore: number }[]) => set(f, 5, { sceneScore: 11.6 }),
      [['jump', 5, 5]],
    ],
  ] as const)('%s', (_name, edit, expected) => {
    expect(kinds(pass(36, edit))).toEqual(expected);
  });

  it('reports black frames once, not as flicker or jumps', () => {
    const p = pass(
      36,
      (f) => {
        set(f, 25, { luma: 16, sceneScore: 41 });
        set(f, 26, { luma: 16 });
        set(f, 27, { sceneScore: 42 });
      },
      { black: [{ start: 25 / 12, end: 27 / 12 }] },
    );
    expect(kinds(p)).toEqual([['black', 25, 26]]);
  });

  it('reports a frozen run, and no jump where motion resumes', () => {
    const p = pass(36, (f) => set(f, 24, { sceneScore: 9 }), { still: [13, 23] });
    expect(kinds(p)).toEqual([['frozen', 12, 23]]);
  });

  it('drops a frozen run that is a black run', () => {
    const p = pass(36, () => {}, { black: [{ start: 1, end: 2 }], still: [13, 23] });
    expect(kinds(p)).toEqual([['black', 12, 23]]);
  });

  it('a frozen run lasting to the end', () => {
    expect(kinds(pass(36, () => {}, { still: [25, 35] }))).toEqual([['frozen', 24, 35]]);
  });

  it('a take static throughout (a locked-off shot) has no frozen fault', () => {
    expect(kinds(pass(36, () => {}, { still: [1, 35] }))).toEqual([]);
  });

  it('a still run shorter than 0.4 s is not frozen', () => {
    expect(kinds(pass(36, () => {}, { still: [13, 16] }))).toEqual([]);
  });

  it('calls a smaller change at a known join a seam', () => {
    const p = pass(36, (f) => set(f, 18, { sceneScore: 5 }));
    expect(kinds(p)).toEqual([]);
    expect(kinds(p, [18])).toEqual([['seam', 18, 18]]);
  });

  it('reads the frame rate from the frame times', () => {
    expect(passFrameRate(pass(10))).toBe(12);
  });
});
