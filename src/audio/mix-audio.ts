/**
 * Runs the mix (I/O shell around the pure jobs of mix-job.ts): loudnorm pass 1, pass 2 into a
 * temporary file renamed into place, then an independent EBU R128 measurement (ffmpeg's
 * `ebur128` filter with true peak) of the file written, which is what the caller reports. A mix
 * that pass 1 measures as silence is written without a loudness pass.
 */
import { rename, rm } from 'node:fs/promises';
import { runFfmpeg } from '../media/index.js';
import type { FfmpegProgress } from '../media/index.js';
import { parseEbur128Summary, parseLoudnormJson } from './loudness.js';
import type { LoudnessMeasurement } from './loudness.js';
import { mixMeasureJob, mixRenderJob, mixSilent, mixSilentJob } from './mix-job.js';
import type { MixJobOptions } from './mix-job.js';

/** Options for {@link mixAudio}. */
export interface MixAudioOptions extends MixJobOptions {
  /** The WAV to write. */
  readonly target: string;
  readonly signal: AbortSignal | null;
  /** Seconds of the master mixed so far, per pass (1 measure, 2 write). */
  readonly onProgress: ((pass: 1 | 2, seconds: number) => void) | null;
}

/** Measures a file's integrated loudness, range and true peak (EBU R128). */
export async function measureLoudness(
  path: string,
  signal: AbortSignal | null,
): Promise<LoudnessMeasurement> {
  const { stderr } = await runFfmpeg({
    job: {
      inputs: [{ source: path, options: [] }],
      filterComplex: '[0:a]ebur128=peak=true[out]',
      outputs: [{ target: '-', options: ['-map', '[out]', '-f', 'null'] }],
    },
    signal,
    onProgress: null,
  });
  return parseEbur128Summary(stderr);
}

/** What {@link mixAudio} wrote. */
export interface MixedAudio {
  /** EBU R128 measurement of the file written. */
  readonly measured: LoudnessMeasurement;
  /** The mix is silence: written as it is, no loudness pass. */
  readonly silent: boolean;
}

/** Mixes, normalises (unless silent) and measures the file written. */
export async function mixAudio(options: MixAudioOptions): Promise<MixedAudio> {
  const progress =
    (pass: 1 | 2) =>
    (p: FfmpegProgress): void =>
      options.onProgress?.(pass, p.seconds);
  const first = await runFfmpeg({
    job: mixMeasureJob(options),
    signal: options.signal,
    onProgress: options.onProgress === null ? null : progress(1),
  });
  const measured = parseLoudnormJson(first.stderr);
  const silent = mixSilent(measured);
  const partial = `${options.target}.partial-${process.pid}.wav`;
  try {
    await runFfmpeg({
      job: silent
        ? mixSilentJob({ ...options, target: partial })
        : mixRenderJob({ ...options, measured, target: partial }),
      signal: options.signal,
      onProgress: options.onProgress === null ? null : progress(2),
    });
    await rename(partial, options.target);
  } finally {
    await rm(partial, { force: true });
  }
  return { measured: await measureLoudness(options.target, options.signal), silent };
}
