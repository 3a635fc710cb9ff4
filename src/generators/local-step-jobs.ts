/**
 * The runner's own ffmpeg steps for chained shots: take a clip's last frame (the next clip
 * starts from it) and join the clips, dropping each chained clip's repeated first frame.
 */
import { intermediateH264Options } from './intermediate-h264-options.js';
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
  output: string;
}): FfmpegJob {
  const { videos, fps, frames } = options;
  const parts = videos.map((_, i) =>
    i > 0 && options.dropFirstFrameOfChained
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
