/**
 * The one doorway through which libero starts ffmpeg (STYLE rule 2). Takes a plain
 * {@link FfmpegJob}, an AbortSignal and a progress callback; returns stderr and, when the
 * job writes to `pipe:1`, the bytes of stdout.
 */
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';
import { LiberoError } from '../shared/index.js';
import { findFfmpeg } from './find-ffmpeg.js';
import type { FfmpegJob } from './ffmpeg-job.js';

/** Progress as ffmpeg reports it on stderr. */
export interface FfmpegProgress {
  /** Frames written so far (0 for audio-only jobs). */
  readonly frames: number;
  /** Encoding speed in frames per second. */
  readonly fps: number;
  /** Output time written so far, in seconds. */
  readonly seconds: number;
}

/** Options for {@link runFfmpeg}. */
export interface RunFfmpegOptions {
  readonly job: FfmpegJob;
  readonly signal: AbortSignal | null;
  readonly onProgress: ((progress: FfmpegProgress) => void) | null;
}

/** What a finished ffmpeg run left behind. */
export interface FfmpegResult {
  readonly stderr: string;
  /** stdout bytes when an output targets `pipe:1`, else an empty buffer. */
  readonly stdout: Buffer;
}

function timemarkSeconds(timemark: string): number {
  const match = /^(-?)(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(timemark);
  if (match === null) return 0;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]));
}

function addOptions(add: (...options: string[]) => unknown, options: readonly string[]): void {
  if (options.length === 0) return;
  // fluent-ffmpeg splits a lone option containing one space ("-f lavfi") in two; with more
  // than one argument it passes them verbatim. A lone option with a space is refused.
  if (options.length === 1) {
    const [only] = options;
    if (only !== undefined && only.split(' ').length === 2) {
      throw new LiberoError(
        'INTERNAL',
        `ffmpeg option "${only}" would be split by fluent-ffmpeg; pass flag and value separately.`,
      );
    }
  }
  add(...options);
}

/** Runs one ffmpeg job to completion; rejects with FFMPEG_EXIT_NONZERO or ABORTED. */
export function runFfmpeg(options: RunFfmpegOptions): Promise<FfmpegResult> {
  const { job, signal, onProgress } = options;
  const paths = findFfmpeg();
  return new Promise<FfmpegResult>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(
        new LiberoError('ABORTED', 'ffmpeg was cancelled before it started.', {
          cause: signal.reason,
        }),
      );
      return;
    }
    const command = ffmpeg().setFfmpegPath(paths.ffmpeg).setFfprobePath(paths.ffprobe);
    for (const input of job.inputs) {
      command.input(input.source);
      addOptions((...o) => command.inputOptions(...o), input.options);
    }
    if (job.filterComplex !== null) command.complexFilter(job.filterComplex);
    const chunks: Buffer[] = [];
    for (const output of job.outputs) {
      if (output.target === 'pipe:1') {
        const sink = new PassThrough();
        sink.on('data', (chunk: Buffer) => chunks.push(chunk));
        command.output(sink);
      } else {
        command.output(output.target);
      }
      addOptions((...o) => command.outputOptions(...o), output.options);
    }
    let stderrTail = '';
    let settled = false;
    const onAbort = (): void => {
      command.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    command.on('stderr', (line: string) => {
      stderrTail = (stderrTail + line + '\n').slice(-20_000);
    });
    if (onProgress !== null) {
      command.on('progress', (p: { frames?: number; currentFps?: number; timemark?: string }) => {
        onProgress({
          frames: p.frames ?? 0,
          fps: p.currentFps ?? 0,
          seconds: timemarkSeconds(p.timemark ?? ''),
        });
      });
    }
    command.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted === true) {
        reject(new LiberoError('ABORTED', 'ffmpeg was cancelled.', { cause: signal.reason }));
        return;
      }
      const lastLines = stderrTail.trim().split('\n').slice(-6).join('\n');
      reject(
        new LiberoError('FFMPEG_EXIT_NONZERO', `ffmpeg failed: ${lastLines || error.message}`, {
          details: {
            argv: job.inputs.map((i) => i.source).concat(job.outputs.map((o) => o.target)),
            stderr: lastLines,
          },
          cause: error,
        }),
      );
    });
    command.on('end', () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve({ stderr: stderrTail, stdout: Buffer.concat(chunks) });
    });
    command.run();
  });
}

/** Runs a short ffmpeg query (`-version`, `-filters`) and returns its stdout. */
export function ffmpegQuery(args: readonly string[]): Promise<string> {
  const paths = findFfmpeg();
  return new Promise((resolve, reject) => {
    execFile(
      paths.ffmpeg,
      ['-hide_banner', ...args],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout) => {
        if (error !== null) {
          reject(
            new LiberoError(
              'FFMPEG_EXIT_NONZERO',
              `${paths.ffmpeg} ${args.join(' ')} failed: ${error.message}`,
              { cause: error },
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** The version line of `ffmpeg -version`, e.g. "ffmpeg version 5.1.9-0+deb12u1". */
export async function ffmpegVersion(): Promise<string> {
  const first = (await ffmpegQuery(['-version'])).split('\n')[0] ?? '';
  return first.replace(/\s+Copyright.*$/, '').trim();
}
