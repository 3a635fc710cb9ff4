/**
 * One segment as an ffmpeg job (pure): every layer's chain, composited bottom to top
 * (upper layers centred over lower ones, black where nothing is), the timeline LUT, then the
 * pinned H.264 encode of exactly `frameCount` frames.
 */
import type { FfmpegInput, FfmpegJob } from '../../media/index.js';
import { encoderSettingsFor } from './encoder-settings.js';
import { escapeFilterValue } from './filter-escape.js';
import { pictureChain } from './layer-chain.js';
import type { ChainContext, LayerInput } from './layer-chain.js';
import type { Layer, OutputSettings, Segment } from './render-plan.js';

/** Options for {@link buildSegmentJob}. */
export interface BuildSegmentJobOptions {
  readonly segment: Segment;
  readonly output: OutputSettings;
  readonly lutPath: string | null;
  readonly textDir: string;
  readonly target: string;
}

function layerChains(options: {
  layer: Layer;
  count: number;
  full: boolean;
  ctx: ChainContext;
  label: string;
}) {
  const { layer, count, full, ctx, label } = options;
  const { source, offsetFrames } = layer;
  if (source.kind !== 'dissolve') {
    const { chain, size } = pictureChain({ source, offset: offsetFrames, count, full, ctx });
    return { lines: [`${chain}[${label}]`], size };
  }
  const n = source.frameCount;
  const from = pictureChain({ source: source.from, offset: 0, count: n, full: true, ctx });
  const to = pictureChain({ source: source.to, offset: 0, count: n, full: true, ctx });
  const seconds = ((n * ctx.output.rate.den) / ctx.output.rate.num).toFixed(6);
  const cut = `trim=start_frame=${offsetFrames}:end_frame=${offsetFrames + count}`;
  return {
    lines: [
      `${from.chain}[${label}a]`,
      `${to.chain}[${label}b]`,
      `[${label}a][${label}b]xfade=transition=fade:duration=${seconds}:offset=0,${cut},tpad=stop=${count}:stop_mode=clone,trim=end_frame=${count},setpts=N[${label}]`,
    ],
    size: { width: ctx.output.width, height: ctx.output.height },
  };
}

/** The filter graph and inputs of a segment; the graph ends in `[vout]`. */
export function buildSegmentGraph(options: Omit<BuildSegmentJobOptions, 'target'>): {
  inputs: FfmpegInput[];
  filterComplex: string;
} {
  const { segment, output, lutPath, textDir } = options;
  const inputs: LayerInput[] = [];
  const ctx: ChainContext = {
    output,
    textDir,
    addInput: (input) => inputs.push(input) - 1,
  };
  const count = segment.frameCount;
  const lines: string[] = [];
  const [bottom, ...upper] = segment.layers;
  if (bottom === undefined) {
    const black = pictureChain({ source: null, offset: 0, count, full: true, ctx });
    lines.push(`${black.chain}[c0]`);
  } else {
    lines.push(...layerChains({ layer: bottom, count, full: true, ctx, label: 'c0' }).lines);
  }
  let current = 'c0';
  upper.forEach((layer, i) => {
    const label = `l${i + 1}`;
    const { lines: chain, size } = layerChains({ layer, count, full: false, ctx, label });
    lines.push(...chain);
    const next = `c${i + 1}`;
    const x = (output.width - size.width) / 2;
    const y = (output.height - size.height) / 2;
    lines.push(`[${current}][${label}]overlay=x=${x}:y=${y}:format=yuv420[${next}]`);
    current = next;
  });
  const lut =
    lutPath === null
      ? ''
      : `scale=in_color_matrix=bt709:in_range=tv,format=gbrp,lut3d=file=${escapeFilterValue(lutPath)}:interp=tetrahedral,scale=out_color_matrix=bt709:out_range=tv,`;
  lines.push(`[${current}]${lut}format=yuv420p,setsar=1[vout]`);
  return {
    inputs: inputs.map((i) => ({ source: i.path, options: i.options })),
    filterComplex: lines.join(';'),
  };
}

/** The whole job: inputs, graph, pinned encode into `target`. */
export function buildSegmentJob(options: BuildSegmentJobOptions): FfmpegJob {
  const { inputs, filterComplex } = buildSegmentGraph(options);
  return {
    inputs,
    filterComplex,
    outputs: [
      {
        target: options.target,
        options: encoderSettingsFor(options.output, options.segment.frameCount),
      },
    ],
  };
}
