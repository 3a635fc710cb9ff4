/** The draft upscale: a high-quality (lanczos) resize, capped at the render size. */
import { intermediateH264Options } from '../intermediate-h264-options.js';
import { upscaleWindowTrim } from '../upscale-window.js';
import type { FfmpegJob } from '../../media/index.js';

/** The most the draft upscale makes: the render size (a GPU upscale goes beyond, x4). */
export const DRAFT_UPSCALE_MAX = { width: 1920, height: 1080 } as const;

/** Output size: the asked size, shrunk (aspect kept, even numbers) to fit DRAFT_UPSCALE_MAX. */
export function draftUpscaleSize(asked: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const fit = Math.min(
    1,
    DRAFT_UPSCALE_MAX.width / asked.width,
    DRAFT_UPSCALE_MAX.height / asked.height,
  );
  const even = (n: number): number => Math.max(2, 2 * Math.round((n * fit) / 2));
  return { width: even(asked.width), height: even(asked.height) };
}

/** The ffmpeg job for the draft upscale. */
export function draftUpscaleJob(options: {
  video: string;
  /** Input frames `[start, end)` to keep (upscale-window.ts), or null for all. */
  window: { start: number; end: number } | null;
  width: number;
  height: number;
  fps: number;
  output: string;
}): FfmpegJob {
  const { window } = options;
  const trim = upscaleWindowTrim(window);
  return {
    inputs: [{ source: options.video, options: [] }],
    filterComplex: `[0:v]${trim}scale=${options.width}:${options.height}:flags=lanczos,format=yuv420p[v]`,
    outputs: [
      {
        target: options.output,
        options: intermediateH264Options({
          fps: options.fps,
          frames: null,
          // ultrafast: the draft is a flat card; the encode, not the resize, is the cost here.
          preset: 'ultrafast',
          crf: 16,
        }),
      },
    ],
  };
}
