/** Measures a take's look through the src/media colour pass (I/O). */
import { measureColourStats } from '../../media/index.js';
import { cdlFilter } from './cdl.js';
import type { Cdl } from './cdl.js';
import { summariseLook } from './look-stats.js';
import type { LookStats } from './look-stats.js';

/** Options for {@link measureLook}. */
export interface MeasureLookOptions {
  readonly path: string;
  /** The used range of the take, in seconds of the file. */
  readonly startSeconds: number;
  readonly durationSeconds: number;
  /** Measure as the render will show it through this CDL, or as it is (null). */
  readonly cdl: Cdl | null;
  /** The file is a still image (a reference still), not a take. */
  readonly still: boolean;
  /** Frames sampled in the range (8 is plenty for a look). */
  readonly samples: number;
  readonly signal: AbortSignal | null;
}

/** Frame width the colour pass measures at: statistics of averages barely depend on size. */
export const LOOK_MEASURE_WIDTH = 160;

/** One ffmpeg pass over the used range of a take; returns its look. */
export async function measureLook(options: MeasureLookOptions): Promise<LookStats> {
  const frames = await measureColourStats({
    path: options.path,
    startSeconds: options.startSeconds,
    durationSeconds: options.durationSeconds,
    samples: options.samples,
    width: LOOK_MEASURE_WIDTH,
    still: options.still,
    // The render's own filters; '' for an identity CDL.
    prefilter:
      options.cdl === null || cdlFilter(options.cdl) === '' ? null : cdlFilter(options.cdl),
    signal: options.signal,
  });
  return summariseLook(frames);
}
