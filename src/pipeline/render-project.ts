/**
 * `libero render` as a use-case: load the project, run the steps that must come before the
 * render, render. The steps before the render are a list so that generating missing shots
 * (and conforming takes) can be inserted here without touching the command.
 */
import { join, resolve } from 'node:path';
import type { RenderAudio, RenderProgress, RenderSummary } from '../conform/render/index.js';
import type { Timeline } from '../timeline/index.js';
import { loadProject } from './project.js';
import type { Project } from './project.js';
import { renderTimeline } from './render-timeline.js';
import type { RenderTimelineOptions } from './render-timeline.js';

/** A step that runs before the render and may hand back a different timeline to render. */
export type BeforeRenderStep = (options: {
  readonly project: Project;
  readonly timeline: Timeline;
  readonly signal: AbortSignal | null;
}) => Promise<Timeline>;

/** Makes the master's audio; answers what the render should use (its loudness null when done). */
export type PrepareAudioStep = (options: {
  readonly project: Project;
  readonly timeline: Timeline;
  /** The render's --loudness, used as the mix's target; null: the default (-14 LUFS). */
  readonly loudness: number | null;
  readonly signal: AbortSignal | null;
}) => Promise<{ readonly audio: RenderAudio; readonly loudness: number | null }>;

/** Options for {@link renderProject}: the render's, minus what the project provides. */
export interface RenderProjectOptions extends Omit<
  RenderTimelineOptions,
  'timeline' | 'timelinePath' | 'cacheDir' | 'onProgress'
> {
  readonly timelinePath: string;
  /** Render cache; null: `.libero/cache/render` of the project. */
  readonly cacheDir: string | null;
  /** Run in order before the render (e.g. generate missing shots); empty for none. */
  readonly before: readonly BeforeRenderStep[];
  /**
   * Makes the master's audio from the timeline to render (voice-over and score, see
   * `audioBeforeRender` in audio-for-render.ts); absent or null: `audio` as given. Not run when
   * `audio` is a prepared file.
   */
  readonly prepareAudio?: PrepareAudioStep | null;
  readonly onProgress: ((progress: RenderProgress) => void) | null;
}

/**
 * Loads the project, runs the steps before the render, renders. Options left null fall back
 * to the project's `libero.json` `render` block (size, crf, preset, lut relative to the
 * project folder), then to the product defaults.
 */
export async function renderProject(options: RenderProjectOptions): Promise<RenderSummary> {
  const project = await loadProject(options.timelinePath);
  let timeline = project.timeline;
  for (const step of options.before)
    timeline = await step({ project, timeline, signal: options.signal });
  const audio =
    options.prepareAudio === undefined ||
    options.prepareAudio === null ||
    options.audio.kind === 'file'
      ? { audio: options.audio, loudness: options.loudness }
      : await options.prepareAudio({
          project,
          timeline,
          loudness: options.loudness,
          signal: options.signal,
        });
  const config = project.config.render;
  return renderTimeline({
    ...options,
    ...audio,
    lut: options.lut ?? (config.lut === null ? null : resolve(project.dir, config.lut)),
    crf: options.crf ?? config.crf,
    preset: options.preset ?? config.preset,
    size: options.size ?? { width: config.width, height: config.height },
    timeline,
    timelinePath: project.timelineFile,
    cacheDir: options.cacheDir ?? join(project.liberoDir, 'cache', 'render'),
  });
}
