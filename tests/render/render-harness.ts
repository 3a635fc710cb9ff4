/** Shared set-up of the render tests: colour-coded sources, a tiny output, decoding. */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractAudio, extractFrames, probeMedia, runFfmpeg } from '../../src/media/index.js';
import { executeRenderPlan } from '../../src/conform/render/execute-render-plan.js';
import { mediaVideoFromProbe } from '../../src/conform/render/media-video-from-probe.js';
import type {
  MediaSource,
  OutputSettings,
  RenderPlan,
} from '../../src/conform/render/render-plan.js';
import type { RenderSummary } from '../../src/conform/render/render-summary.js';
import { renderTimeline } from '../../src/pipeline/render-timeline.js';
import type { RenderTimelineOptions } from '../../src/pipeline/render-timeline.js';
import type { Timeline } from '../../src/timeline/index.js';
import { codeLabel, makeColourCodedSource } from '../helpers/colour-coded-source.js';
import type { ColourCodedSourceOptions } from '../helpers/colour-coded-source.js';

/** 160x90 at 24 fps, veryfast: tiny and quick, still H.264 High. */
export const TINY: OutputSettings = {
  width: 160,
  height: 90,
  rate: { num: 24, den: 1 },
  crf: 18,
  preset: 'veryfast',
};

/** A scratch folder removed by `cleanup`. */
export function scratch(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `libero-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Makes a colour-coded source and returns a MediaSource factory for it. */
export async function colourSource(
  dir: string,
  options: Omit<ColourCodedSourceOptions, 'path'> & { name: string },
): Promise<{ path: string; media: (extra: Partial<MediaSource>) => MediaSource }> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${options.name}.mp4`);
  await makeColourCodedSource({ ...options, path });
  const video = mediaVideoFromProbe(await probeMedia(path));
  if (video === null) throw new Error(`no video in ${path}`);
  const stat = statSync(path);
  return {
    path,
    media: (extra) => ({
      kind: 'media',
      clipName: options.name,
      path,
      fileIdentity: `${path}:${stat.size}:${stat.mtimeMs}`,
      video,
      sourceStart: 0,
      timeScalar: 1,
      cdl: null,
      interpolate: false,
      ...extra,
    }),
  };
}

/** Renders a plan and decodes every output frame's centre code. */
export async function renderAndRead(options: {
  plan: RenderPlan;
  dir: string;
  name: string;
  at?: { x: number; y: number };
}): Promise<{ summary: RenderSummary; labels: string[]; frames: Buffer[]; path: string }> {
  const path = join(options.dir, `${options.name}.mp4`);
  const summary = await executeRenderPlan({
    plan: options.plan,
    output: path,
    cacheDir: join(options.dir, 'cache'),
    signal: null,
    onProgress: null,
    onJob: null,
  });
  const { width, height } = options.plan.output;
  const frames = await extractFrames({ path, width, height, signal: null });
  const at = options.at ?? { x: width / 2, y: height / 2 };
  return { summary, frames, labels: frames.map((f) => codeLabel(f, width, at)), path };
}

/** The master's audio as mono 48 kHz samples. */
export function readAudio(path: string): Promise<Float32Array> {
  return extractAudio({ path, sampleRate: 48_000, signal: null });
}

/** `clip:frame` labels for a run of expected media frames. */
export function expectLabels(clip: number, frames: readonly number[]): string[] {
  return frames.map((f) => `${clip}:${f}`);
}

/** Renders an OTIO timeline through the pipeline at the tiny size. */
export async function renderOtio(options: {
  timeline: Timeline;
  dir: string;
  name: string;
  overrides?: Partial<RenderTimelineOptions>;
}): Promise<{ summary: RenderSummary; frames: Buffer[]; path: string }> {
  const path = join(options.dir, `${options.name}.mp4`);
  const summary = await renderTimeline({
    timeline: options.timeline,
    timelinePath: join(options.dir, 'test.otio'),
    output: path,
    lut: null,
    crf: 18,
    preset: 'veryfast',
    range: null,
    interpolate: false,
    loudness: null,
    cacheDir: join(options.dir, 'cache'),
    audio: { kind: 'mix' },
    size: { width: TINY.width, height: TINY.height },
    rate: null,
    debugDir: null,
    signal: null,
    onProgress: null,
    ...options.overrides,
  });
  const frames = await extractFrames({
    path,
    width: TINY.width,
    height: TINY.height,
    signal: null,
  });
  return { summary, frames, path };
}

/** Centre (or `at`) labels of decoded tiny frames. */
export function labelsOf(frames: readonly Buffer[], at?: { x: number; y: number }): string[] {
  return frames.map((f) =>
    codeLabel(f, TINY.width, at ?? { x: TINY.width / 2, y: TINY.height / 2 }),
  );
}

/** Integrated loudness (LUFS) and true peak (dBTP) of a file's audio, by ffmpeg's ebur128. */
export async function measureLoudness(
  path: string,
): Promise<{ integrated: number; truePeak: number }> {
  const { stderr } = await runFfmpeg({
    job: {
      inputs: [{ source: path, options: [] }],
      filterComplex: '[0:a]ebur128=peak=true[a]',
      outputs: [{ target: '-', options: ['-map', '[a]', '-f', 'null'] }],
    },
    signal: null,
    onProgress: null,
  });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)?.[1]);
  const truePeak = Number(/Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1]);
  return { integrated, truePeak };
}
