/**
 * An ffmpeg invocation as plain data. Builders elsewhere produce these (pure, tested on
 * their exact output); `runFfmpeg` is the only thing that executes them.
 */

/** One `-i` input with the options that precede it (`-ss`, `-f lavfi`, `-r`, ...). */
export interface FfmpegInput {
  /** A path, or a lavfi graph when options contain `-f lavfi`. */
  readonly source: string;
  readonly options: readonly string[];
}

/** One output with its options (`-c:v libx264`, `-map`, ...). `target` `pipe:1` = stdout. */
export interface FfmpegOutput {
  readonly target: string;
  readonly options: readonly string[];
}

/** A whole ffmpeg command. */
export interface FfmpegJob {
  readonly inputs: readonly FfmpegInput[];
  /** The `-filter_complex` graph, or null. */
  readonly filterComplex: string | null;
  readonly outputs: readonly FfmpegOutput[];
}

/**
 * The argv (without the binary) that `runFfmpeg` passes for a job, in fluent-ffmpeg's
 * order: inputs, `-y` when writing a file, the filter graph, outputs. For debug dumps.
 */
export function ffmpegArgv(job: FfmpegJob): string[] {
  const argv: string[] = [];
  for (const input of job.inputs) argv.push(...input.options, '-i', input.source);
  if (job.outputs.some((o) => o.target !== 'pipe:1')) argv.push('-y');
  if (job.filterComplex !== null) argv.push('-filter_complex', job.filterComplex);
  for (const output of job.outputs) argv.push(...output.options, output.target);
  return argv;
}
