/**
 * The take QC pass: one ffmpeg run over a take with `signalstats` (mean luma per frame, for
 * flicker), `scdet` (scene-change score per frame, for jumps), `freezedetect` (frozen runs) and
 * `blackdetect` (black runs), all printed by the `metadata` filter into one file. This file
 * builds the job and reads the numbers; the decisions are made in src/conform/qc.
 * See https://ffmpeg.org/ffmpeg-filters.html (scdet, freezedetect, blackdetect, signalstats).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type { FfmpegJob } from './ffmpeg-job.js';
import { parseFrameMetadata } from './frame-metadata.js';
import { runFfmpeg } from './run-ffmpeg.js';

/** Detector settings of the pass (ffmpeg's own option names and units). */
export interface QcPassSettings {
  /** Width frames are scaled to before analysis (speed; the detectors are size-independent). */
  readonly width: number;
  /** freezedetect noise tolerance (fraction) and minimum duration (seconds). */
  readonly freezeNoise: number;
  readonly freezeMinSeconds: number;
  /** blackdetect pixel threshold (fraction of full scale) and picture ratio. */
  readonly blackPixelThreshold: number;
  readonly blackPictureRatio: number;
}

/** Defaults tuned on the QC test set (tests/qc): a 1-frame black run is found, slow pans are not frozen. */
export const DEFAULT_QC_PASS_SETTINGS: QcPassSettings = {
  width: 160,
  freezeNoise: 0.002,
  freezeMinSeconds: 0.4,
  blackPixelThreshold: 0.1,
  blackPictureRatio: 0.98,
};

/** Options for {@link buildQcPassJob}. */
export interface QcPassJobOptions {
  readonly path: string;
  readonly settings: QcPassSettings;
  /** Where the metadata filter writes (no `:`, `'`, `,`, `;`, `[`, `]`, `\`, spaces). */
  readonly metadataFile: string;
}

/** A run of frames [start, end) in seconds reported by freezedetect or blackdetect. */
export interface TimeRun {
  readonly start: number;
  /** Exclusive end; null when the run lasts to the end of the file. */
  readonly end: number | null;
}

/** What the QC pass measured on a take. */
export interface QcPassResult {
  /** Per decoded frame, in order: time (s), mean luma (0..255) and scdet score (0..100). */
  readonly frames: readonly { time: number; luma: number; sceneScore: number }[];
  readonly frozen: readonly TimeRun[];
  readonly black: readonly TimeRun[];
}

/** The ffmpeg job of the QC pass (pure). */
export function buildQcPassJob(options: QcPassJobOptions): FfmpegJob {
  if (/[:',;[\]\\\s]/.test(options.metadataFile)) {
    throw new LiberoError(
      'INTERNAL',
      `metadata file ${options.metadataFile} contains a character the filtergraph would misread.`,
    );
  }
  const s = options.settings;
  const chain = [
    `scale=${s.width}:-2:flags=area`,
    'signalstats',
    // threshold 0 so every frame carries its score; the decision threshold is ours.
    'scdet=threshold=100',
    `freezedetect=n=${s.freezeNoise}:d=${s.freezeMinSeconds}`,
    `blackdetect=d=0:pix_th=${s.blackPixelThreshold}:pic_th=${s.blackPictureRatio}`,
    `metadata=mode=print:file=${options.metadataFile}`,
  ].join(',');
  return {
    inputs: [{ source: options.path, options: [] }],
    filterComplex: `[0:v]${chain}[out]`,
    outputs: [{ target: '-', options: ['-map', '[out]', '-f', 'null'] }],
  };
}

function runs(starts: readonly number[], ends: readonly number[]): TimeRun[] {
  const out: TimeRun[] = [];
  const sortedEnds = [...ends].sort((a, b) => a - b);
  for (const start of [...starts].sort((a, b) => a - b)) {
    const end = sortedEnds.find((e) => e > start) ?? null;
    out.push({ start, end });
  }
  return out;
}

/** Reads the metadata text of the QC pass (pure). */
export function parseQcPass(text: string): QcPassResult {
  const frames: { time: number; luma: number; sceneScore: number }[] = [];
  const freezeStarts: number[] = [];
  const freezeEnds: number[] = [];
  const blackStarts: number[] = [];
  const blackEnds: number[] = [];
  for (const f of parseFrameMetadata(text)) {
    const v = f.values;
    const luma = v['lavfi.signalstats.YAVG'];
    if (luma !== undefined) {
      frames.push({ time: f.time ?? 0, luma, sceneScore: v['lavfi.scd.score'] ?? 0 });
    }
    const push = (list: number[], key: string): void => {
      const value = v[key];
      if (value !== undefined) list.push(value);
    };
    push(freezeStarts, 'lavfi.freezedetect.freeze_start');
    push(freezeEnds, 'lavfi.freezedetect.freeze_end');
    push(blackStarts, 'lavfi.black_start');
    push(blackEnds, 'lavfi.black_end');
  }
  return { frames, frozen: runs(freezeStarts, freezeEnds), black: runs(blackStarts, blackEnds) };
}

/** Options for {@link runQcPass}. */
export interface RunQcPassOptions {
  readonly path: string;
  readonly settings: QcPassSettings;
  readonly signal: AbortSignal | null;
}

/** Runs the QC pass on a take; rejects with FFMPEG_EXIT_NONZERO or MEDIA_ANALYSIS_FAILED. */
export async function runQcPass(options: RunQcPassOptions): Promise<QcPassResult> {
  const dir = await mkdtemp(join(tmpdir(), 'libero-qc-'));
  const metadataFile = join(dir, 'qc.txt');
  try {
    await runFfmpeg({
      job: buildQcPassJob({ path: options.path, settings: options.settings, metadataFile }),
      signal: options.signal,
      onProgress: null,
    });
    const result = parseQcPass(await readFile(metadataFile, 'utf8'));
    if (result.frames.length === 0) {
      throw new LiberoError(
        'MEDIA_ANALYSIS_FAILED',
        `The QC pass read no frames of ${options.path}.`,
        {
          details: { path: options.path },
        },
      );
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
