/** How a picture of any size and aspect fits the output frame: scaled, never stretched. */
import type { MediaVideo } from './render-plan.js';

/** A size in pixels. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

function even(n: number): number {
  return Math.max(2, 2 * Math.round(n / 2));
}

/**
 * The largest even size with the picture's display aspect that fits inside the frame.
 * Within one pixel of the frame's own aspect it fills the frame exactly (so a 3072x1728 or
 * 1280x720 shot fills 1920x1080 with no hairline bars).
 */
export function fitSize(
  video: Pick<MediaVideo, 'width' | 'height' | 'sampleAspect'>,
  frame: Size,
): Size {
  const displayWidth = video.width * video.sampleAspect;
  const scale = Math.min(frame.width / displayWidth, frame.height / video.height);
  const width = displayWidth * scale;
  const height = video.height * scale;
  if (Math.abs(width - frame.width) <= 1 && Math.abs(height - frame.height) <= 1) return frame;
  return {
    width: Math.min(frame.width, even(width)),
    height: Math.min(frame.height, even(height)),
  };
}
