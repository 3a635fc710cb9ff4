/** A picture source started some frames later (or earlier) in its own time (pure). */
import type { FrameRate, PictureSource } from './render-plan.js';

/**
 * The source as seen from `frames` record frames after its first frame. Media move their
 * source start by `frames * timeScalar / rate` (clamped at the file's first frame: a
 * transition asking for a head handle the file does not have holds the first frame);
 * generators and cards are the same at every frame.
 */
export function advanceSource(
  source: PictureSource,
  frames: number,
  rate: FrameRate,
): PictureSource {
  if (source.kind !== 'media' || frames === 0) return source;
  const seconds = (frames * source.timeScalar * rate.den) / rate.num;
  return { ...source, sourceStart: Math.max(0, source.sourceStart + seconds) };
}
