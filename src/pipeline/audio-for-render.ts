/**
 * The master's audio for a render: when the timeline has voice-over or score cues, they are
 * produced and mixed ({@link produceAudio}) and the render takes that one prepared file (already
 * at the loudness target, so the render must not normalise again); a timeline without cues keeps
 * the render's own mix of its audio tracks.
 *
 * ```ts
 * const { audio, loudness, result } = await prepareRenderAudio({ ...project, timeline, backend, ... });
 * await renderTimeline({ ..., audio, loudness });   // audio {kind:'file'} + loudness null, or {kind:'mix'}
 * ```
 */
import type { RenderAudio } from '../conform/render/index.js';
import { readAudioCues } from '../audio/index.js';
import type { AudioBackend } from '../audio/index.js';
import type { ProjectConfig } from '../config/index.js';
import type { Timeline } from '../timeline/index.js';
import type { AudioEvent } from './audio-event.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from './audio-produce.js';
import type { AudioResult, AudioSettings } from './audio-produce.js';
import { completeHandBack } from './hand-back-media.js';
import { loudnessTargetFor } from './loudness-target-for.js';
import type { PrepareAudioStep } from './render-project.js';

/** Options for {@link prepareRenderAudio}. */
export interface PrepareRenderAudioOptions {
  readonly timeline: Timeline;
  readonly projectDir: string;
  readonly config: ProjectConfig;
  /** null: DEFAULT_AUDIO_SETTINGS (-14 LUFS / -1 dBTP). */
  readonly settings: AudioSettings | null;
  readonly backend: AudioBackend;
  readonly signal: AbortSignal | null;
  readonly onEvent: ((event: AudioEvent) => void) | null;
}

/** What the render should use. */
export interface RenderAudioChoice {
  readonly audio: RenderAudio;
  /** The render's own loudness target: null when the prepared mix is already normalised. */
  readonly loudness: number | null;
  /** The audio run, or null when the timeline has no cues. */
  readonly result: AudioResult | null;
}

/** Produces the cues' mix when there are cues; otherwise leaves the audio to the render. */
export async function prepareRenderAudio(
  options: PrepareRenderAudioOptions,
): Promise<RenderAudioChoice> {
  const settings = options.settings ?? DEFAULT_AUDIO_SETTINGS;
  const cues = readAudioCues({
    timeline: options.timeline,
    projectDir: options.projectDir,
    defaults: settings.cueDefaults,
  });
  if (cues.voice.length === 0 && cues.score.length === 0) {
    return { audio: { kind: 'mix' }, loudness: settings.loudness.integrated, result: null };
  }
  const result = await produceAudio({ ...options, settings });
  return result.mixFile === null
    ? { audio: { kind: 'mix' }, loudness: settings.loudness.integrated, result }
    : { audio: { kind: 'file', path: result.mixFile }, loudness: null, result };
}

/** Options for {@link audioBeforeRender}. */
export interface AudioBeforeRenderOptions {
  readonly backend: AudioBackend;
  /**
   * null: DEFAULT_AUDIO_SETTINGS. The loudness target is always the render's --loudness, else
   * the project's `audio.loudness`.
   */
  readonly settings: AudioSettings | null;
  readonly onEvent: ((event: AudioEvent) => void) | null;
  /** Called with the audio run (for the command's summary: what was spent). */
  readonly onResult: ((result: AudioResult) => void) | null;
}

/** The `prepareAudio` step of `renderProject`: voice-over and score for the timeline rendered. */
export function audioBeforeRender(options: AudioBeforeRenderOptions): PrepareAudioStep {
  return async ({ project, timeline, loudness, signal }) => {
    const base = options.settings ?? DEFAULT_AUDIO_SETTINGS;
    const choice = await prepareRenderAudio({
      timeline,
      projectDir: project.dir,
      config: project.config,
      // The render's --loudness, else libero.json audio.loudness (-14 by default).
      settings: {
        ...base,
        loudness: loudnessTargetFor({ config: project.config, lufs: loudness }),
      },
      backend: options.backend,
      signal,
      onEvent: options.onEvent,
    });
    if (choice.result !== null) options.onResult?.(choice.result);
    // The hand-back online: voice-over, score and title cards as files (hand-back-media.ts).
    await completeHandBack({ project, cues: choice.result?.cues ?? [], signal });
    return { audio: choice.audio, loudness: choice.loudness };
  };
}
