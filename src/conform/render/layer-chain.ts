/**
 * One layer of a segment as a filter chain (pure): a picture source scaled to fit the frame,
 * conformed to the timeline rate, colour-corrected, exactly `count` frames long, as
 * yuv420p BT.709 with timebase 1/rate.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cdlFilter, isIdentityCdl } from './cdl.js';
import { escapeFilterValue } from './filter-escape.js';
import { fitSize } from './fit-size.js';
import type { Size } from './fit-size.js';
import { mediaWindow } from './media-timing.js';
import type {
  MediaSource,
  OutputSettings,
  OfflineSource,
  PictureSource,
  TitleSource,
} from './render-plan.js';
import { rateString } from './render-plan.js';

/** Fonts for cards (Debian's fonts-dejavu-core). */
export const CARD_FONTS = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
} as const;

/** Background of the MEDIA OFFLINE card: a dark red no shot is mistaken for. */
export const OFFLINE_BACKGROUND = '#5a0000';

/** Inputs beyond `-i` that a media layer wants (a fast seek for late trims). */
export interface LayerInput {
  readonly path: string;
  readonly options: readonly string[];
}

/** Context shared by the chains of one segment. */
export interface ChainContext {
  readonly output: OutputSettings;
  /** Folder where card text files live (written by the executor, see `cardTextFiles`). */
  readonly textDir: string;
  /** Adds an input and returns its index. */
  readonly addInput: (input: LayerInput) => number;
}

/** Seek into a file instead of decoding from its start when the trim is this far in. */
const SEEK_AFTER_SECONDS = 5;

/** The text file a card line is drawn from (drawtext `textfile`, so no text escaping). */
export function cardTextPath(textDir: string, text: string): string {
  return join(textDir, `${createHash('sha256').update(text).digest('hex').slice(0, 24)}.txt`);
}

/** The text lines a picture source draws (for the executor to write). */
export function cardTexts(source: PictureSource): string[] {
  if (source.kind === 'title') return [source.text];
  if (source.kind === 'offline') return ['MEDIA OFFLINE', offlineDetail(source)];
  return [];
}

function offlineDetail(source: OfflineSource): string {
  const why: Record<OfflineSource['reason'], string> = {
    'missing-file': 'file not found',
    'missing-reference': 'no media reference',
    'not-generated': 'shot not generated yet',
    unreadable: 'file unreadable',
    'outside-media': 'trim outside the media',
    unsupported: 'not supported by the renderer',
  };
  return `${source.clipName} (${why[source.reason]})`;
}

function hex(color: string): string {
  return `0x${color.replace(/^#/, '')}`;
}

function tb(output: OutputSettings): string {
  return `settb=expr=${output.rate.den}/${output.rate.num}`;
}

/** Exactly `count` frames: repeat the last frame if the source ran short, then cut. */
function exact(count: number): string {
  return `tpad=stop=${count}:stop_mode=clone,trim=end_frame=${count},setpts=N`;
}

function toYuv709(): string {
  return 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p';
}

function flat(color: string, output: OutputSettings): string {
  return `color=c=${hex(color)}:s=${output.width}x${output.height}:r=${rateString(output.rate)},format=gbrp`;
}

function fontScale(output: OutputSettings): number {
  return output.height / 1080;
}

function drawText(options: {
  file: string;
  font: string;
  size: number;
  color: string;
  y: string;
}): string {
  return [
    `drawtext=fontfile=${escapeFilterValue(options.font)}`,
    `textfile=${escapeFilterValue(options.file)}`,
    `fontsize=${Math.max(4, Math.round(options.size))}`,
    `fontcolor=${hex(options.color)}`,
    'x=(w-text_w)/2',
    `y=${options.y}`,
    'expansion=none',
  ].join(':');
}

function titleChain(source: TitleSource, count: number, ctx: ChainContext): string {
  const text = drawText({
    file: cardTextPath(ctx.textDir, source.text),
    font: CARD_FONTS.regular,
    size: source.fontSize * fontScale(ctx.output),
    color: source.fontColor,
    y: '(h-text_h)/2',
  });
  return `${flat(source.backgroundColor, ctx.output)},${text},trim=end_frame=${count},${toYuv709()},${tb(ctx.output)},setpts=N`;
}

function offlineChain(source: OfflineSource, count: number, ctx: ChainContext): string {
  const scale = fontScale(ctx.output);
  const head = drawText({
    file: cardTextPath(ctx.textDir, 'MEDIA OFFLINE'),
    font: CARD_FONTS.bold,
    size: 110 * scale,
    color: '#ffffff',
    y: `h/2-text_h-${Math.round(12 * scale)}`,
  });
  const detail = drawText({
    file: cardTextPath(ctx.textDir, offlineDetail(source)),
    font: CARD_FONTS.regular,
    size: 48 * scale,
    color: '#ffffff',
    y: `h/2+${Math.round(24 * scale)}`,
  });
  return `${flat(OFFLINE_BACKGROUND, ctx.output)},${head},${detail},trim=end_frame=${count},${toYuv709()},${tb(ctx.output)},setpts=N`;
}

function scaleStep(source: MediaSource, fit: Size, rgb: boolean): string {
  // Already the output's size, matrix and range (a finished 1080p take): no swscale pass, only
  // the pixel format (a no-op for yuv420p sources; swscale at the same size would copy every
  // frame for nothing).
  const { video } = source;
  if (
    !rgb &&
    video.width === fit.width &&
    video.height === fit.height &&
    video.colorMatrix === 'bt709' &&
    !video.fullRange
  )
    return 'format=yuv420p';
  const range = source.video.fullRange ? 'pc' : 'tv';
  const matrix = `in_color_matrix=${source.video.colorMatrix}:in_range=${range}`;
  const tail = rgb ? 'format=gbrp' : 'out_color_matrix=bt709:out_range=tv,format=yuv420p';
  return rgb
    ? `scale=${fit.width}:${fit.height}:flags=lanczos:${matrix},${tail}`
    : `scale=${fit.width}:${fit.height}:flags=lanczos:${matrix}:${tail}`;
}

function mediaChain(options: {
  source: MediaSource;
  offset: number;
  count: number;
  fit: Size;
  ctx: ChainContext;
}): string {
  const { source, offset, count, fit, ctx } = options;
  const { output } = ctx;
  const window = mediaWindow({ source, offset, count, timelineRate: output.rate });
  const mediaRate = source.video.rate.num / source.video.rate.den;
  const seek = window.first / mediaRate >= SEEK_AFTER_SECONDS;
  const index = ctx.addInput({
    path: source.path,
    options: [
      ...(source.inputOptions ?? []),
      ...(seek ? ['-ss', ((window.first - 0.5) / mediaRate).toFixed(6)] : []),
    ],
  });
  const base = seek ? 0 : window.first;
  const timelineRate = output.rate.num / output.rate.den;
  const interpolate =
    source.interpolate && source.timeScalar > 0 && mediaRate / source.timeScalar < timelineRate;
  // minterpolate needs the frame after the last one shown to make the frames before it.
  const end = base + window.end - window.first + (interpolate ? 1 : 0);
  const trim = `trim=start_frame=${base}:end_frame=${end}`;
  const cdl = source.cdl !== null && !isIdentityCdl(source.cdl) ? cdlFilter(source.cdl) : '';
  const scale = scaleStep(source, fit, cdl !== '');
  const colour = cdl === '' ? scale : `${scale},${cdl},${toYuv709()}`;
  const steps = [`[${index}:v]${trim}`];
  if (interpolate) {
    steps.push(`setpts=(PTS-STARTPTS)/${source.timeScalar}`, colour);
    steps.push(
      `minterpolate=fps=${rateString(output.rate)}:mi_mode=mci:mc_mode=aobmc:me_mode=bidir:vsbmc=1`,
      tb(output),
    );
  } else {
    steps.push(tb(output));
    steps.push(
      source.timeScalar === 0
        ? 'setpts=0'
        : `setpts='max(0,ceil((N+${window.first})*${window.ticksPerFrame}-${window.tickOrigin}-0.000001))'`,
    );
    // Scale before repeating frames (fewer pixels to scale), after dropping them.
    const upConvert = source.timeScalar === 0 || mediaRate / source.timeScalar <= timelineRate;
    // Hold the last frame before `fps` repeats frames: `fps` alone emits nothing for a lone
    // frame (a freeze) because the stream's end comes before its next tick.
    const fps = `tpad=stop=${count}:stop_mode=clone,fps=fps=${rateString(output.rate)}`;
    steps.push(...(upConvert ? [colour, fps] : [fps, colour]));
    steps.push(`trim=end_frame=${count},setpts=N`);
    return steps.join(',');
  }
  steps.push(exact(count));
  return steps.join(',');
}

/**
 * The chain for a picture source over record frames `[offset, offset + count)`, ending at
 * the fitted size (`full`: padded with black to the whole frame).
 */
export function pictureChain(options: {
  source: PictureSource | null;
  offset: number;
  count: number;
  full: boolean;
  ctx: ChainContext;
}): { chain: string; size: Size } {
  const { source, offset, count, full, ctx } = options;
  const frame = { width: ctx.output.width, height: ctx.output.height };
  if (source === null || source.kind === 'solid') {
    const color = source === null ? '#000000' : source.color;
    return {
      chain: `${flat(color, ctx.output)},trim=end_frame=${count},${toYuv709()},${tb(ctx.output)},setpts=N`,
      size: frame,
    };
  }
  if (source.kind === 'bars') {
    const bars = `smptehdbars=s=${frame.width}x${frame.height}:r=${rateString(ctx.output.rate)}`;
    return {
      chain: `${bars},trim=end_frame=${count},${toYuv709()},${tb(ctx.output)},setpts=N`,
      size: frame,
    };
  }
  if (source.kind === 'title') return { chain: titleChain(source, count, ctx), size: frame };
  if (source.kind === 'offline') return { chain: offlineChain(source, count, ctx), size: frame };
  const fit = fitSize(source.video, frame);
  let chain = mediaChain({ source, offset, count, fit, ctx });
  const padded = full && (fit.width !== frame.width || fit.height !== frame.height);
  if (padded) chain += `,pad=${frame.width}:${frame.height}:(ow-iw)/2:(oh-ih)/2:color=black`;
  return { chain: `${chain},setsar=1`, size: padded ? frame : fit };
}
