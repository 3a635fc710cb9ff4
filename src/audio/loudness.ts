/**
 * Parsers of ffmpeg's loudness reports (pure): loudnorm's JSON block and the ebur128 filter's
 * closing summary. Sample lines are in the tests.
 */
import { LiberoError } from '../shared/index.js';
import type { LoudnormMeasurement } from './mix-job.js';

/** An EBU R128 measurement of a finished file. */
export interface LoudnessMeasurement {
  /** Integrated loudness, LUFS. */
  readonly integrated: number;
  /** Loudness range, LU. */
  readonly range: number;
  /** True peak, dBTP (null when the filter was run without `peak=true`). */
  readonly truePeak: number | null;
}

function num(value: unknown, field: string): number {
  const x = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(x)) {
    // loudnorm writes "-inf" for silence; treat as the floor of its ranges.
    if (value === '-inf') return -99;
    if (value === 'inf') return 99;
    throw new LiberoError('FFMPEG_EXIT_NONZERO', `loudnorm reported no number for ${field}.`);
  }
  return x;
}

/** Reads the last JSON object loudnorm printed (print_format=json) from stderr. */
export function parseLoudnormJson(stderr: string): LoudnormMeasurement {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) {
    throw new LiberoError(
      'FFMPEG_EXIT_NONZERO',
      'loudnorm printed no measurement (is the mix empty?).',
    );
  }
  const json = JSON.parse(stderr.slice(start, end + 1)) as Record<string, unknown>;
  return {
    // -inf: every block under the -70 LUFS gate, i.e. silence (see mixSilent).
    inputI: json['input_i'] === '-inf' ? -Infinity : num(json['input_i'], 'input_i'),
    inputTp: num(json['input_tp'], 'input_tp'),
    inputLra: num(json['input_lra'], 'input_lra'),
    inputThresh: num(json['input_thresh'], 'input_thresh'),
    targetOffset: num(json['target_offset'], 'target_offset'),
  };
}

/** Reads the "Summary:" block the ebur128 filter prints at the end. */
export function parseEbur128Summary(stderr: string): LoudnessMeasurement {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  const range = /LRA:\s+(-?[\d.]+) LU/.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (integrated?.[1] === undefined || range?.[1] === undefined) {
    throw new LiberoError('FFMPEG_EXIT_NONZERO', 'ebur128 printed no summary.');
  }
  return {
    integrated: integrated[1] === '-inf' ? -Infinity : Number(integrated[1]),
    range: Number(range[1]),
    truePeak: peak?.[1] === undefined ? null : peak[1] === '-inf' ? -Infinity : Number(peak[1]),
  };
}
