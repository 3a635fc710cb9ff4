/**
 * Does a generated clip start on the still it was made from? CogVideoX I2V should reproduce its
 * conditioning image as frame 0, but kijai's wrapper drops a first latent on some frame counts
 * and the clip then starts a few frames in: a chained segment's first frame is then not the
 * previous segment's last, and the join must not drop it blindly. Compared small (32 px wide),
 * as the mean absolute difference of RGB values (0..255).
 */
import { extractFrames } from '../../media/index.js';

/** Mean difference under which frame 0 counts as the still (codec and lanczos noise ~2-6). */
export const FIRST_FRAME_MAX_DIFF = 24;

/** Mean absolute difference of two rgb24 frames of the same size. Pure. */
export function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return Number.POSITIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

/** What {@link checkFirstFrame} found. */
export interface FirstFrameCheck {
  readonly matchesInput: boolean;
  readonly meanDiff: number;
}

/** Compares frame 0 of `video` with `still` (both scaled to 32x18). */
export async function checkFirstFrame(options: {
  video: string;
  still: string;
  signal: AbortSignal | null;
}): Promise<FirstFrameCheck> {
  const size = { width: 32, height: 18, signal: options.signal };
  const [first] = await extractFrames({ path: options.video, ...size });
  const [still] = await extractFrames({ path: options.still, ...size });
  const meanDiff =
    first === undefined || still === undefined
      ? Number.POSITIVE_INFINITY
      : Math.round(meanAbsDiff(first, still) * 10) / 10;
  return { matchesInput: meanDiff <= FIRST_FRAME_MAX_DIFF, meanDiff };
}
