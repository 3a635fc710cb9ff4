/**
 * The service's render: the conformed timeline (as last written) to `<out>/<timeline>.mp4`, with
 * the project's voice-over and score when an audio step is given, progress as one fraction.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseTimeline } from '../pipeline/project.js';
import type { Project } from '../pipeline/project.js';
import type { PrepareAudioStep } from '../pipeline/render-project.js';
import { renderTimeline } from '../pipeline/render-timeline.js';

/** Options for {@link renderConformed}. */
export interface RenderConformedOptions {
  readonly project: Project;
  /** Voice-over and score (`audioBeforeRender`); null: the tracks' own mix. */
  readonly audio: PrepareAudioStep | null;
  readonly signal: AbortSignal;
  readonly onProgress: (fraction: number) => void;
}

/** Renders the project's conformed timeline; resolves with the file. */
export async function renderConformed(o: RenderConformedOptions): Promise<string> {
  const { project } = o;
  const text = await readFile(project.conformedFile, 'utf8');
  const conformed = parseTimeline(text, project.conformedFile);
  const base = basename(project.timelineFile).replace(/\.otio$/i, '');
  await mkdir(project.outDir, { recursive: true });
  const output = join(project.outDir, `${base}.mp4`);
  const { render } = project.config;
  // Phases weigh: picture segments 90 %, audio 5 %, the final join 5 %.
  const weights = { segments: [0, 0.9], audio: [0.9, 0.05], join: [0.95, 0.05] } as const;
  const prepared =
    o.audio === null
      ? { audio: { kind: 'mix' } as const, loudness: null }
      : await o.audio({ project, timeline: conformed, loudness: null, signal: o.signal });
  await renderTimeline({
    timeline: conformed,
    timelinePath: project.conformedFile,
    output,
    lut: render.lut,
    crf: render.crf,
    preset: render.preset,
    range: null,
    interpolate: false,
    loudness: prepared.loudness,
    cacheDir: null,
    audio: prepared.audio,
    size: { width: render.width, height: render.height },
    rate: null,
    debugDir: null,
    signal: o.signal,
    onProgress: (p) => {
      const [from, span] = weights[p.phase];
      const inPhase = p.framesTotal > 0 ? Math.min(1, p.framesDone / p.framesTotal) : 0;
      o.onProgress(from + span * (p.phase === 'segments' ? inPhase : 1));
    },
  });
  return output;
}
