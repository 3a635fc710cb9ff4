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
 *     frame    0    1    2    3    4    5    6    7    8
 *     still    -    .    .    S    S    S    S    S    .      (S: still, "-": no difference)
 *     frozen                [2 ............. 7]               the repeated frame 2 and its copies
 */
import type { FrameMotion, QcPassResult } from '../../media/index.js';
import type { QcThresholds } from './qc-thresholds.js';

/** Whether a frame with this motion is still (nothing moved beyond noise). */
export function isStill(options: {
  motion: FrameMotion;
  blockPixels: number;
  thresholds: QcThresholds;
}): boolean {
  const { motion, blockPixels, thresholds: t } = options;
  const b = Math.max(1, blockPixels);
  // Block noise if every pixel difference were grain: σ = mean|Δ| / 0.8, block mean σ/b.
  const grainBlock = motion.pixelMean / (0.8 * b);
  const localLimit = Math.max(t.stillBlockLevel, t.grainBlockFactor * grainBlock);
  const globalLimit = Math.max(t.stillMeanLevel, t.grainMeanFactor * 0.8 * grainBlock);
  return motion.blockMax < localLimit && motion.blockMean < globalLimit;
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
    if (runStart !== -1 && end - runStart + 1 >= minStill) spans.push([runStart - 1, end]);
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
