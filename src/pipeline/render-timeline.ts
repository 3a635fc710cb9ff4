/**
 * The render use-case: a loaded timeline whose media exist (or show as MEDIA OFFLINE) to a
 * 1920x1080 H.264 master with the colour pass and the audio mix, re-encoding only the
 * segments that changed since the last render (the cache lives in the project's
 * `.libero/cache/render`).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  DEFAULT_OUTPUT,
  executeRenderPlan,
  gatherMediaFacts,
  gatherSequenceFacts,
  parseRenderRange,
  referencedMediaPaths,
  referencedSequences,
  timelineFrames,
  timelineRate,
  timelineToRenderPlan,
} from '../conform/render/index.js';
import type {
  FrameRate,
  RenderAudio,
  RenderProgress,
  RenderSummary,
} from '../conform/render/index.js';
import { PROJECT_CONFIG_FILE, readProjectConfig } from '../config/index.js';
import { ffmpegArgv } from '../media/index.js';
import type { PathMapping } from '../shots/index.js';
import { LiberoError } from '../shared/index.js';
import type { Timeline } from '../timeline/index.js';

export type { RenderProgress, RenderSummary } from '../conform/render/index.js';

/** Options for {@link renderTimeline}. */
export interface RenderTimelineOptions {
  readonly timeline: Timeline;
  /** The timeline's file: relative media paths and the default cache folder hang off it. */
  readonly timelinePath: string;
  /** The master to write. */
  readonly output: string;
  /** A timeline-wide 3D LUT (.cube), or null. */
  readonly lut: string | null;
  /** x264 CRF (default 18) and preset (default medium). */
  readonly crf: number | null;
  readonly preset: string | null;
  /** `HH:MM:SS:FF-HH:MM:SS:FF` in the timeline's record timecode, out exclusive; null: all. */
  readonly range: string | null;
  /** Motion-interpolated rate conform for media slower than the timeline. */
  readonly interpolate: boolean;
  /** Integrated loudness target in LUFS (true peak -1 dBTP), or null for none. */
  readonly loudness: number | null;
  /** Render cache folder; null: `.libero/cache/render` beside the timeline. */
  readonly cacheDir: string | null;
  /** Mix the timeline's audio tracks, or use a prepared file (e.g. the ducked VO + score mix). */
  readonly audio: RenderAudio;
  /** Output size; null: 1920x1080 (tests render tiny). */
  readonly size: { readonly width: number; readonly height: number } | null;
  /** Output rate; null: the timeline's own rate. */
  readonly rate: FrameRate | null;
  /** Append every ffmpeg command line to `<debugDir>/render-ffmpeg.log`; null: don't. */
  readonly debugDir: string | null;
  readonly signal: AbortSignal | null;
  readonly onProgress: ((progress: RenderProgress) => void) | null;
  /**
   * The editor's media roots here (`paths.map`); absent: the `libero.json` beside the
   * timeline's (none when there is no such file).
   */
  readonly pathMap?: readonly PathMapping[];
}

/** The default render cache of a timeline. */
export function defaultRenderCacheDir(timelinePath: string): string {
  return join(dirname(resolve(timelinePath)), '.libero', 'cache', 'render');
}

function readLut(path: string): { path: string; hash: string } {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    throw new LiberoError('FILE_NOT_FOUND', `The LUT ${path} cannot be read.`, {
      details: { path },
      cause: error,
    });
  }
  if (!/LUT_3D_SIZE\s+\d+/.test(text.toString('latin1')))
    throw new LiberoError('USAGE', `${path} is not a 3D .cube LUT (no LUT_3D_SIZE line).`, {
      details: { path },
    });
  return { path: resolve(path), hash: createHash('sha256').update(text).digest('hex') };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
  'placebo',
];

function checkEncoder(crf: number, preset: string): void {
  // CRF 0 is lossless, which H.264 High cannot carry (it needs High 4:4:4 Predictive).
  if (!Number.isInteger(crf) || crf < 1 || crf > 51)
    throw new LiberoError(
      'USAGE',
      `--crf ${crf}: use a whole number from 1 to 51 (18 is the default).`,
    );
  if (!X264_PRESETS.includes(preset))
    throw new LiberoError('USAGE', `--preset ${preset}: use one of ${X264_PRESETS.join(', ')}.`);
}

/** Renders the timeline; returns what was done (frames, segments reused, offline clips). */
export async function renderTimeline(options: RenderTimelineOptions): Promise<RenderSummary> {
  const { timeline, timelinePath } = options;
  const timelineDir = dirname(resolve(timelinePath));
  const rate = options.rate ?? timelineRate(timeline);
  const output = {
    width: options.size?.width ?? DEFAULT_OUTPUT.width,
    height: options.size?.height ?? DEFAULT_OUTPUT.height,
    rate,
    crf: options.crf ?? DEFAULT_OUTPUT.crf,
    preset: options.preset ?? DEFAULT_OUTPUT.preset,
  };
  checkEncoder(output.crf, output.preset);
  const total = timelineFrames(timeline, rate);
  const globalStartFrame =
    timeline.globalStartTime === null
      ? 0
      : Math.round(timeline.globalStartTime.valueRescaledTo(rate.num / rate.den));
  const range =
    options.range === null
      ? null
      : parseRenderRange({ text: options.range, rate, globalStartFrame, timelineFrames: total });
  const audio: RenderAudio =
    options.audio.kind === 'file'
      ? { kind: 'file', path: resolve(options.audio.path) }
      : options.audio;
  const pathMap =
    options.pathMap ?? (await readProjectConfig(join(timelineDir, PROJECT_CONFIG_FILE))).paths.map;
  const media = await gatherMediaFacts({
    paths: referencedMediaPaths({ timeline, timelineDir, pathMap, audio }),
    signal: options.signal,
  });
  for (const [pattern, facts] of await gatherSequenceFacts({
    uses: referencedSequences({ timeline, timelineDir, pathMap }),
    signal: options.signal,
  }))
    media.set(pattern, facts);
  if (audio.kind === 'file' && media.get(audio.path)?.status !== 'ok')
    throw new LiberoError('FILE_NOT_FOUND', `The prepared audio ${audio.path} cannot be read.`, {
      details: { path: audio.path },
    });
  const plan = timelineToRenderPlan({
    timeline,
    timelineDir,
    pathMap,
    media,
    output,
    range,
    lut: options.lut === null ? null : readLut(options.lut),
    interpolate: options.interpolate,
    audio,
    loudness: options.loudness === null ? null : { integrated: options.loudness, truePeak: -1 },
  });
  const debugDir = options.debugDir;
  if (debugDir !== null) mkdirSync(debugDir, { recursive: true });
  return executeRenderPlan({
    plan,
    output: resolve(options.output),
    cacheDir: options.cacheDir ?? defaultRenderCacheDir(timelinePath),
    signal: options.signal,
    onProgress: options.onProgress,
    onJob:
      debugDir === null
        ? null
        : (job) =>
            appendFileSync(
              join(debugDir, 'render-ffmpeg.log'),
              `ffmpeg ${ffmpegArgv(job).map(quote).join(' ')}\n`,
            ),
  });
}
