/**
 * Frozen runs of a take from the QC pass's per-frame motion (pure).
 *
 * A frame is *still* when nothing in it moved: no block mean changed by more than the larger
 * of an absolute floor and what grain alone would give, and the mean block change (a pan, a
 * zoom, a fade) is small too. Grain's share is estimated on the frame itself: if the per-pixel
 * differences were all grain (white noise, E|x| = 0.8σ), a block of b×b pixels would change by
 * about σ/b, and its largest value over the grid by about 4σ/b; a subject or a camera move
 * adds coherent change well above that. So fresh grain on a frozen picture stays "still", and a
 * distant figure crossing a locked-off wide does not.
 *
 * A frame is still only if it is also still against the frame `lag` frames back (a quarter of a
 * second): a slow drift under heavy grain, lost in one frame's step, adds up over the lag, while
 * a frozen picture stays the same however far back it is compared. A run of such frames from
 * `a` to `b` means frames `a - lag .. b` show one picture:
 *
 *     frame     0   1   2   3   4   5   6   7   8   9       (lag 2; frames 2..8 repeat frame 2)
 *     vs i-1    -   .   .   S   S   S   S   S   S   .
 *     vs i-2    -   .   .   .   S   S   S   S   S   .       (frame 3 against 1: moved)
 *     frozen            [2 ..................... 8]          first still frame 4, minus the lag
 */
import type { FrameMotion, QcPassResult } from '../../media/index.js';
import type { QcThresholds } from './qc-thresholds.js';

/** Whether a frame with this motion is still (nothing moved beyond noise, one frame or `lag` back). */
export function isStill(options: {
  motion: FrameMotion;
  blockPixels: number;
  thresholds: QcThresholds;
}): boolean {
  const { motion, blockPixels, thresholds: t } = options;
  const b = Math.max(1, blockPixels);
  // Block noise if every pixel difference were grain: σ = mean|Δ| / 0.8, block mean σ/b.
  // Grain is new in every frame, so it is the same one frame or `lag` frames back.
  const grainBlock = motion.pixelMean / (0.8 * b);
  const localLimit = Math.max(t.stillBlockLevel, t.grainBlockFactor * grainBlock);
  const globalLimit = Math.max(t.stillMeanLevel, t.grainMeanFactor * 0.8 * grainBlock);
  const still = (max: number, mean: number): boolean => max < localLimit && mean < globalLimit;
  return still(motion.blockMax, motion.blockMean) && still(motion.laggedMax, motion.laggedMean);
}

/** Frozen runs as inclusive frame spans `[first, last]`, the repeated frame first. */
export function frozenRuns(options: {
  pass: QcPassResult;
  fps: number;
  thresholds: QcThresholds;
}): [number, number][] {
  const { pass, thresholds } = options;
  const minStill = Math.max(1, Math.round(thresholds.freezeMinSeconds * (options.fps || 12)));
  const spans: [number, number][] = [];
  let runStart = -1;
  const close = (end: number): void => {
    const first = Math.max(0, runStart - pass.lag);
    // a run of minStill differences covers minStill + 1 frames of one picture
    if (runStart !== -1 && end - first >= minStill) spans.push([first, end]);
    runStart = -1;
  };
  pass.frames.forEach((frame, i) => {
    const still =
      frame.motion !== null &&
      i > 0 &&
      isStill({ motion: frame.motion, blockPixels: pass.blockPixels, thresholds });
    if (still && runStart === -1) runStart = i;
    if (!still) close(i - 1);
  });
  close(pass.frames.length - 1);
  return spans;
}
