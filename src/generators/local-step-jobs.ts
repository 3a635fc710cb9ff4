/**
 * The runner's own ffmpeg steps for chained shots: take a clip's last frame (the next clip
 * starts from it) and join the clips, dropping each chained clip's repeated first frame.
 */
import { intermediateH264Options } from './intermediate-h264-options.js';
import { upscaleWindowTrim } from './upscale-window.js';
import type { FfmpegJob } from '../media/index.js';

/** The last frame of a video as a PNG (decodes only its final second). */
export function lastFrameJob(options: { video: string; output: string }): FfmpegJob {
  return {
    inputs: [{ source: options.video, options: ['-sseof', '-1'] }],
    filterComplex: null,
    // image2 with -update rewrites the one file for every frame: the last one stays.
    outputs: [{ target: options.output, options: ['-map', '0:v:0', '-update', '1'] }],
  };
}

/** Joins chained clips into one of exactly `frames` frames at `fps`. */
export function joinClipsJob(options: {
  videos: readonly string[];
  fps: number;
  frames: number;
  dropFirstFrameOfChained: boolean;
  /** Chained clips (by index) whose frame 0 is not the previous clip's last: kept whole. */
  keepFirstFrameOf: readonly number[];
  output: string;
}): FfmpegJob {
  const { videos, fps, frames } = options;
  const parts = videos.map((_, i) =>
    i > 0 && options.dropFirstFrameOfChained && !options.keepFirstFrameOf.includes(i)
      ? `[${i}:v]trim=start_frame=1,setpts=PTS-STARTPTS[s${i}]`
      : `[${i}:v]setpts=PTS-STARTPTS[s${i}]`,
  );
  const labels = videos.map((_, i) => `[s${i}]`).join('');
  return {
    inputs: videos.map((source) => ({ source, options: [] })),
    filterComplex: `${parts.join(';')};${labels}concat=n=${videos.length}:v=1:a=0,fps=${fps},format=yuv420p[v]`,
    outputs: [
      {
        target: options.output,
        options: intermediateH264Options({ fps, frames, preset: 'veryfast', crf: 16 }),
      },
    ],
  };
}

/**
 * The degraded take of a shot whose upscale failed for good: the upscale's input clip read at
 * the take's rate (a 16 fps clip conformed to 12), cut to the frames the upscale would have
 * made (`window`), scaled (lanczos, center crop) to the delivery size.
 */
export function degradedTakeJob(options: {
  video: string;
  fps: number;
  window: { start: number; end: number } | null;
  width: number;
  height: number;
  output: string;
}): FfmpegJob {
  const { window, width, height, fps } = options;
  const trim = upscaleWindowTrim(window);
  return {
    inputs: [{ source: options.video, options: [] }],
    filterComplex: `[0:v]fps=${fps},${trim}scale=${width}:${height}:flags=lanczos:force_original_aspect_ratio=increase,crop=${width}:${height},format=yuv420p[v]`,
    outputs: [
      {
        target: options.output,
        options: intermediateH264Options({ fps, frames: null, preset: 'veryfast', crf: 18 }),
      },
    ],
  };
}
