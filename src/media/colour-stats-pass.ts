/**
 * The colour measurement pass of look matching: a handful of frames of a take, pulled at low
 * size, measured by ffmpeg's `signalstats` on each RGB plane (through `extractplanes`, whose
 * gray planes signalstats reads as "Y") and on the YUV picture (saturation). One ffmpeg run;
 * the statistics are ffmpeg's, this file only builds the job and reads its output.
 * See https://ffmpeg.org/ffmpeg-filters.html#signalstats-1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiberoError } from '../shared/index.js';
import type { FfmpegJob } from './ffmpeg-job.js';
import { parseFrameMetadata } from './frame-metadata.js';
import type { FrameMetadata } from './frame-metadata.js';
import { runFfmpeg } from './run-ffmpeg.js';

/** signalstats' five levels of one plane, as fractions of full scale (0..1). */
export interface PlaneLevels {
  readonly min: number;
  /** 10th percentile. */
  readonly low: number;
  readonly avg: number;
  /** 90th percentile. */
  readonly high: number;
  readonly max: number;
}

/** The measurements of one sampled frame. */
export interface ColourFrame {
  /** Seconds from the start of the measured range. */
  readonly time: number;
  readonly r: PlaneLevels;
  readonly g: PlaneLevels;
  readonly b: PlaneLevels;
  /** Mean chroma magnitude (signalstats SATAVG) as a fraction of full scale. */
  readonly saturation: number;
  /**
   * Spread of the chroma planes: the mean of U's and V's 90th minus 10th percentiles, as a
   * fraction of full scale. Unlike SATAVG it does not grow with a colour cast.
   */
  readonly chromaSpread: number;
}

/** Options for {@link buildColourStatsJob}. */
export interface ColourStatsJobOptions {
  readonly path: string;
  /** Start of the measured range in the file, seconds. */
  readonly startSeconds: number;
  readonly durationSeconds: number;
  /** How many frames to sample, spread evenly over the range. */
  readonly samples: number;
  /** Width the frames are scaled to before measuring (height keeps the aspect). */
  readonly width: number;
  /** The input is a still image: it is looped for the duration (`-loop 1`), not seeked. */
  readonly still: boolean;
  /** A filter chain applied before measuring (e.g. a CDL), or null. */
  readonly prefilter: string | null;
  /** Folder the four metadata files are written to (no `:`, `'`, `,`, `;`, `[`, `]`, `\`). */
  readonly metadataDir: string;
}

const PLANES = ['r', 'g', 'b', 'yuv'] as const;
type PlaneFile = (typeof PLANES)[number];

function safeDir(dir: string): string {
  if (/[:',;[\]\\\s]/.test(dir)) {
    throw new LiberoError(
      'INTERNAL',
      `metadata folder ${dir} contains a character the filtergraph would misread.`,
    );
  }
  return dir;
}

/** The ffmpeg job of the colour pass (pure). */
export function buildColourStatsJob(options: ColourStatsJobOptions): FfmpegJob {
  const dir = safeDir(options.metadataDir);
  const rate = `${options.samples}/${options.durationSeconds}`;
  const pre = options.prefilter === null ? '' : `${options.prefilter},`;
  const print = (plane: PlaneFile): string => `metadata=mode=print:file=${dir}/${plane}.txt`;
  const filterComplex = [
    `[0:v]fps=fps=${rate}:round=near,scale=${options.width}:-2:flags=area,${pre}format=gbrp,split=2[rgb][pic]`,
    `[rgb]extractplanes=r+g+b[pr][pg][pb]`,
    `[pr]signalstats,${print('r')}[or]`,
    `[pg]signalstats,${print('g')}[og]`,
    `[pb]signalstats,${print('b')}[ob]`,
    `[pic]format=yuv444p,signalstats,${print('yuv')}[oyuv]`,
  ].join(';');
  return {
    inputs: [
      {
        source: options.path,
        // An image seeked with -ss yields no frame; looped, it lasts the duration.
        options: options.still
          ? ['-loop', '1', '-t', String(options.durationSeconds)]
          : ['-ss', String(options.startSeconds), '-t', String(options.durationSeconds)],
      },
    ],
    filterComplex,
    outputs: ['or', 'og', 'ob', 'oyuv'].map((label) => ({
      target: '-',
      options: ['-map', `[${label}]`, '-f', 'null'],
    })),
  };
}

function levels(frame: FrameMetadata | undefined, bits: number): PlaneLevels | null {
  if (frame === undefined) return null;
  const v = frame.values;
  const scale = 2 ** bits - 1;
  const get = (k: string): number | undefined => v[`lavfi.signalstats.Y${k}`];
  const min = get('MIN');
  const low = get('LOW');
  const avg = get('AVG');
  const high = get('HIGH');
  const max = get('MAX');
  if (
    min === undefined ||
    low === undefined ||
    avg === undefined ||
    high === undefined ||
    max === undefined
  )
    return null;
  return {
    min: min / scale,
    low: low / scale,
    avg: avg / scale,
    high: high / scale,
    max: max / scale,
  };
}

/**
 * Joins the four metadata texts of the pass into one record per frame (pure). Frames missing
 * from any file are dropped; `bits` is the plane depth (8 for gbrp).
 */
export function parseColourStats(
  texts: Readonly<Record<PlaneFile, string>>,
  bits = 8,
): ColourFrame[] {
  const [r, g, b, yuv] = PLANES.map((p) => parseFrameMetadata(texts[p]));
  const out: ColourFrame[] = [];
  for (let i = 0; i < (r?.length ?? 0); i++) {
    const fr = r?.[i];
    const lr = levels(fr, bits);
    const lg = levels(g?.[i], bits);
    const lb = levels(b?.[i], bits);
    const v = yuv?.[i]?.values ?? {};
    const sat = v['lavfi.signalstats.SATAVG'];
    const [uLow, uHigh, vLow, vHigh] = ['ULOW', 'UHIGH', 'VLOW', 'VHIGH'].map(
      (k) => v[`lavfi.signalstats.${k}`],
    );
    if (
      lr === null ||
      lg === null ||
      lb === null ||
      sat === undefined ||
      uLow === undefined ||
      uHigh === undefined ||
      vLow === undefined ||
      vHigh === undefined
    )
      continue;
    const full = 2 ** bits - 1;
    out.push({
      time: fr?.time ?? 0,
      r: lr,
      g: lg,
      b: lb,
      saturation: sat / full,
      chromaSpread: (uHigh - uLow + (vHigh - vLow)) / 2 / full,
    });
  }
  return out;
}

/** Options for {@link measureColourStats}. */
export type MeasureColourStatsOptions = Omit<ColourStatsJobOptions, 'metadataDir'> & {
  readonly signal: AbortSignal | null;
};

/** Runs the colour pass on a file; rejects with FFMPEG_EXIT_NONZERO naming the file. */
export async function measureColourStats(
  options: MeasureColourStatsOptions,
): Promise<ColourFrame[]> {
  const dir = await mkdtemp(join(tmpdir(), 'libero-colour-'));
  try {
    const { signal, ...rest } = options;
    await runFfmpeg({
      job: buildColourStatsJob({ ...rest, metadataDir: dir }),
      signal,
      onProgress: null,
    });
    const read = (p: PlaneFile): Promise<string> => readFile(join(dir, `${p}.txt`), 'utf8');
    const [r, g, b, yuv] = await Promise.all(PLANES.map(read));
    const frames = parseColourStats({ r: r ?? '', g: g ?? '', b: b ?? '', yuv: yuv ?? '' });
    if (frames.length === 0) {
      throw new LiberoError(
        'MEDIA_ANALYSIS_FAILED',
        `The colour pass read no frames of ${options.path} between ${options.startSeconds}s and ${options.startSeconds + options.durationSeconds}s.`,
        { details: { path: options.path } },
      );
    }
    return frames;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
