/**
 * Joining cached segments without re-encoding (pure): a concat-demuxer list, and the job that
 * copies the joined video and the full-length audio into the master with `+faststart`.
 */
import type { FfmpegJob } from '../../media/index.js';
import type { OutputSettings } from './render-plan.js';
import { trackTimescale } from './encoder-settings.js';

/** Container comment: the master contains AI-generated material (ARCHITECTURE). */
export const AI_DISCLOSURE = 'Contains AI-generated material (made with libero).';

/** The `ffconcat` list for the segment files, in order. */
export function concatList(paths: readonly string[]): string {
  const lines = paths.map((p) => `file '${p.replace(/'/g, "'\\''")}'`);
  return ['ffconcat version 1.0', ...lines, ''].join('\n');
}

/** Copies video (from the list) and audio (from one file) into `target`. */
export function buildJoinJob(options: {
  listPath: string;
  audioPath: string;
  output: OutputSettings;
  target: string;
}): FfmpegJob {
  return {
    inputs: [
      { source: options.listPath, options: ['-f', 'concat', '-safe', '0'] },
      { source: options.audioPath, options: [] },
    ],
    filterComplex: null,
    outputs: [
      {
        target: options.target,
        options: [
          '-map',
          '0:v:0',
          '-map',
          '1:a:0',
          '-c',
          'copy',
          '-video_track_timescale',
          String(trackTimescale(options.output.rate)),
          '-movflags',
          '+faststart',
          '-metadata',
          `comment=${AI_DISCLOSURE}`,
          '-f',
          'mp4',
        ],
      },
    ],
  };
}
