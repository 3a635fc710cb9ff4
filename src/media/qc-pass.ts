/**
 * The take QC pass: one ffmpeg run over a take, two branches of the decoded picture, all numbers
 * printed by the `metadata` filter into three files. This file builds the job and reads the
 * numbers; the decisions are made in src/conform/qc.
 *
 *   [0:v] ─ split ─┬─ scale=160 (whole-frame measures) ─ signalstats ─ scdet ─ blackdetect ─ print A
 *                  └─ scale to the analysis size (grid × block pixels) ─ split
 *                        ├─ tblend difference ─ signalstats ─ print B   mean |Δ| per pixel
 *                        └─ 16-bit block grid ─ split
 *                              ├─ tblend difference ─ signalstats ─ print C   largest and mean |Δ|
 *                              └─ difference to the grid `lag` frames back ─ signalstats ─ print D
 *
 * Why blocks: a distant figure or a bird (0.25% of the frame moving 2 px a frame) changes the
 * whole-frame mean difference by a few hundredths of a level, under any noise floor, while the
 * block it moves through changes by several levels. Block means are taken *before* the
 * difference, so film grain (independent from pixel to pixel and frame to frame) averages away
 * inside a block instead of piling up; the per-pixel difference says how strong the grain is.
 * The grid is relative to the frame (a 0.25% subject spans 2x2 blocks at any size); the block
 * means are those of the source pixels (area scaling), so the motion is seen at the source's
 * resolution. The difference to a quarter of a second back (D) lets slow motion under grain add
 * up where one frame's step is lost in the grain. See https://ffmpeg.org/ffmpeg-filters.html
 * (tblend, tpad, blend, signalstats, scdet, blackdetect).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type { FfmpegJob } from './ffmpeg-job.js';
import { parseFrameMetadata } from './frame-metadata.js';
import { probeMedia } from './probe-media.js';
import { runFfmpeg } from './run-ffmpeg.js';

/** Detector settings of the pass (ffmpeg's own option names and units). */
export interface QcPassSettings {
  /** Width of the whole-frame branch (mean luma, scene score, black): whole-frame measures. */
  readonly width: number;
  /** Blocks along the frame's geometric mean side: 40 puts a 0.25%-of-frame subject on 2x2 blocks. */
  readonly blocksAcross: number;
  /** Most analysis pixels per block side (the analysis picture is the grid times this). */
  readonly maxBlockPixels: number;
  /** blackdetect pixel threshold (fraction of full scale) and picture ratio. */
  readonly blackPixelThreshold: number;
  readonly blackPictureRatio: number;
}

/** Defaults tuned on the QC test set (tests/qc): a 1-frame black run is found. */
export const DEFAULT_QC_PASS_SETTINGS: QcPassSettings = {
  width: 160,
  blocksAcross: 40,
  maxBlockPixels: 8,
  blackPixelThreshold: 0.1,
  blackPictureRatio: 0.98,
};

/** The sizes the motion branch works at, derived from the source's frame size. */
export interface QcAnalysisSize {
  readonly blocksWide: number;
  readonly blocksHigh: number;
  /** Analysis pixels per block side (the analysis picture is blocksWide*blockPixels wide). */
  readonly blockPixels: number;
  /** Frames back for the lagged difference (a quarter of a second, at least 2). */
  readonly lag: number;
}

/**
 * The motion branch's sizes for a source (pure): blocks of `sqrt(w*h)/blocksAcross` source
 * pixels, and an analysis picture of at most `maxBlockPixels` per block side, never upscaled.
 */
export function qcAnalysisSize(options: {
  width: number;
  height: number;
  fps: number;
  settings: QcPassSettings;
}): QcAnalysisSize {
  const side = Math.sqrt(options.width * options.height) / options.settings.blocksAcross;
  return {
    blocksWide: Math.max(1, Math.round(options.width / side)),
    blocksHigh: Math.max(1, Math.round(options.height / side)),
    blockPixels: Math.min(options.settings.maxBlockPixels, Math.max(1, Math.floor(side))),
    lag: Math.max(2, Math.round(options.fps / 4)),
  };
}

/** Where the pass's metadata filters write (no `:`, `'`, `,`, `;`, `[`, `]`, `\`, spaces). */
export interface QcPassFiles {
  /** Whole-frame measures (mean luma, scene score, black). */
  readonly frames: string;
  /** Mean |difference| per analysis pixel. */
  readonly pixels: string;
  /** Largest and mean |difference| of the block means. */
  readonly blocks: string;
  /** The same, to the block means `lag` frames back. */
  readonly lagged: string;
}

/** Options for {@link buildQcPassJob}. */
export interface QcPassJobOptions {
  readonly path: string;
  readonly settings: QcPassSettings;
  readonly size: QcAnalysisSize;
  readonly metadataFiles: QcPassFiles;
}

/** A run of frames [start, end) in seconds reported by blackdetect. */
export interface TimeRun {
  readonly start: number;
  /** Exclusive end; null when the run lasts to the end of the file. */
  readonly end: number | null;
}

/**
 * How a frame differs from the one before, in 8-bit levels (0..255); null on the first frame.
 * `pixelMean`: mean |Δ| per analysis pixel (grain shows here); `blockMax` / `blockMean`: the
 * largest and the mean |Δ| of the block means (a moving subject shows in the largest);
 * `laggedMax` / `laggedMean`: the same to the frame `lag` frames back (frame 0 for the first).
 */
export interface FrameMotion {
  readonly pixelMean: number;
  readonly blockMax: number;
  readonly blockMean: number;
  readonly laggedMax: number;
  readonly laggedMean: number;
}

/** One decoded frame's measures. */
export interface QcFrame {
  /** Time (s), mean luma (0..255) and scdet score (0..100). */
  readonly time: number;
  readonly luma: number;
  readonly sceneScore: number;
  readonly motion: FrameMotion | null;
}

/** What the QC pass measured on a take. */
export interface QcPassResult {
  readonly frames: readonly QcFrame[];
  readonly black: readonly TimeRun[];
  /** Analysis pixels per block side (for the grain estimate of the freeze decision). */
  readonly blockPixels: number;
  /** Frames back of the lagged difference. */
  readonly lag: number;
}

const UNSAFE = /[:',;[\]\\\s]/;

/** The ffmpeg job of the QC pass (pure). */
export function buildQcPassJob(options: QcPassJobOptions): FfmpegJob {
  const files = options.metadataFiles;
  for (const file of [files.frames, files.pixels, files.blocks, files.lagged]) {
    if (UNSAFE.test(file)) {
      throw new LiberoError(
        'INTERNAL',
        `metadata file ${file} contains a character the filtergraph would misread.`,
      );
    }
  }
  const s = options.settings;
  const { blocksWide, blocksHigh, blockPixels, lag } = options.size;
  const whole = [
    `scale=${s.width}:-2:flags=area`,
    'signalstats',
    // threshold 100 so every frame carries its score; the decision threshold is ours.
    'scdet=threshold=100',
    `blackdetect=d=0:pix_th=${s.blackPixelThreshold}:pic_th=${s.blackPictureRatio}`,
    `metadata=mode=print:file=${files.frames}`,
  ].join(',');
  const analysis = `scale=${blocksWide * blockPixels}:${blocksHigh * blockPixels}:flags=area,format=yuv444p16le`;
  /** A difference of frames (`blend`), its signalstats printed to `file`, the branch ended. */
  const differenceStats = (blend: string, file: string): string =>
    [blend, 'signalstats', `metadata=mode=print:file=${file}`, 'nullsink'].join(',');
  const pixels = differenceStats('tblend=all_mode=difference', files.pixels);
  const blocks = differenceStats('tblend=all_mode=difference', files.blocks);
  const lagged = differenceStats('blend=all_mode=difference:shortest=1', files.lagged);
  return {
    inputs: [{ source: options.path, options: [] }],
    filterComplex:
      `[0:v]split[w][m];[w]${whole}[out];[m]${analysis},split[p][b];[p]${pixels};` +
      `[b]scale=${blocksWide}:${blocksHigh}:flags=area,split=3[g][n][o];[g]${blocks};` +
      `[o]tpad=start=${lag}:start_mode=clone[back];[n][back]${lagged}`,
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

/** 16-bit signalstats levels to 8-bit ones (the branch is yuv444p16le: 8-bit values times 257). */
const LEVEL = 257;

/** The metadata texts of one pass, as ffmpeg printed them. */
export interface QcPassTexts {
  readonly frames: string;
  readonly pixels: string;
  readonly blocks: string;
  readonly lagged: string;
}

const key = (t: number): string => t.toFixed(4);

/** Largest and mean luma by frame time, in 8-bit levels, from a difference branch's text. */
function differences(text: string): Map<string, { max: number; mean: number }> {
  const out = new Map<string, { max: number; mean: number }>();
  for (const f of parseFrameMetadata(text)) {
    const max = f.values['lavfi.signalstats.YMAX'];
    const mean = f.values['lavfi.signalstats.YAVG'];
    if (max !== undefined && mean !== undefined && f.time !== null)
      out.set(key(f.time), { max: max / LEVEL, mean: mean / LEVEL });
  }
  return out;
}

/** Reads the metadata texts of the QC pass (pure). Differences are matched to frames by time. */
export function parseQcPass(
  texts: QcPassTexts,
  size: Pick<QcAnalysisSize, 'blockPixels' | 'lag'>,
): QcPassResult {
  const pixels = differences(texts.pixels);
  const blocks = differences(texts.blocks);
  const lagged = differences(texts.lagged);
  const frames: QcFrame[] = [];
  const blackStarts: number[] = [];
  const blackEnds: number[] = [];
  for (const f of parseFrameMetadata(texts.frames)) {
    const v = f.values;
    const luma = v['lavfi.signalstats.YAVG'];
    if (luma !== undefined) {
      const time = f.time ?? 0;
      const pixel = pixels.get(key(time));
      const block = blocks.get(key(time));
      const back = lagged.get(key(time));
      frames.push({
        time,
        luma,
        sceneScore: v['lavfi.scd.score'] ?? 0,
        motion:
          pixel === undefined || block === undefined || back === undefined
            ? null
            : {
                pixelMean: pixel.mean,
                blockMax: block.max,
                blockMean: block.mean,
                laggedMax: back.max,
                laggedMean: back.mean,
              },
      });
    }
    const start = v['lavfi.black_start'];
    if (start !== undefined) blackStarts.push(start);
    const end = v['lavfi.black_end'];
    if (end !== undefined) blackEnds.push(end);
  }
  return {
    frames,
    black: runs(blackStarts, blackEnds),
    blockPixels: size.blockPixels,
    lag: size.lag,
  };
}

/** Options for {@link runQcPass}. */
export interface RunQcPassOptions {
  readonly path: string;
  readonly settings: QcPassSettings;
  readonly signal: AbortSignal | null;
}

/** Runs the QC pass on a take; rejects with FFMPEG_EXIT_NONZERO or MEDIA_ANALYSIS_FAILED. */
export async function runQcPass(options: RunQcPassOptions): Promise<QcPassResult> {
  const probed = await probeMedia(options.path);
  const video = probed.streams.find((s) => s.kind === 'video');
  if (video?.width == null || video.height == null) {
    throw new LiberoError(
      'MEDIA_ANALYSIS_FAILED',
      `${options.path} has no video stream to check.`,
      {
        details: { path: options.path },
      },
    );
  }
  const rate = video.frameRate;
  const size = qcAnalysisSize({
    width: video.width,
    height: video.height,
    fps: rate !== null && rate.den > 0 ? rate.num / rate.den : 24,
    settings: options.settings,
  });
  const dir = await mkdtemp(join(tmpdir(), 'libero-qc-'));
  const files: QcPassFiles = {
    frames: join(dir, 'frames.txt'),
    pixels: join(dir, 'pixels.txt'),
    blocks: join(dir, 'blocks.txt'),
    lagged: join(dir, 'lagged.txt'),
  };
  try {
    await runFfmpeg({
      job: buildQcPassJob({
        path: options.path,
        settings: options.settings,
        size,
        metadataFiles: files,
      }),
      signal: options.signal,
      onProgress: null,
    });
    const read = (file: string): Promise<string> => readFile(file, 'utf8');
    const result = parseQcPass(
      {
        frames: await read(files.frames),
        pixels: await read(files.pixels),
        blocks: await read(files.blocks),
        lagged: await read(files.lagged),
      },
      size,
    );
    if (result.frames.length === 0) {
      throw new LiberoError(
        'MEDIA_ANALYSIS_FAILED',
        `The QC pass read no frames of ${options.path}.`,
        { details: { path: options.path } },
      );
    }
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
