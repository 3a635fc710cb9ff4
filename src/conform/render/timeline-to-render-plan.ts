/**
 * The adapter from an OTIO timeline to a render plan (pure): every enabled video track
 * bottom to top, the audio (the timeline's audio tracks or a prepared file), the range, the
 * LUT and the output settings.
 */
import { ExternalReference, Track, TrackKind } from '../../timeline/index.js';
import type { Timeline } from '../../timeline/index.js';
import type { PathMapping } from '../../shots/index.js';
import { assembleRenderPlan } from './assemble-render-plan.js';
import type { MediaFactsByPath } from './media-facts.js';
import { mediaPath } from './media-path.js';
import { planAudioClips } from './plan-audio-clips.js';
import { planVideoTrack, toFrame } from './plan-video-track.js';
import type {
  AudioPlan,
  FrameRate,
  LoudnessTarget,
  OutputSettings,
  RenderPlan,
} from './render-plan.js';

/** Where the master's audio comes from. */
export type RenderAudio =
  { readonly kind: 'mix' } | { readonly kind: 'file'; readonly path: string };

/** Options for {@link timelineToRenderPlan}. */
export interface TimelineToRenderPlanOptions {
  readonly timeline: Timeline;
  readonly timelineDir: string;
  /** The project's `paths.map` (the editor's media roots here); absent: none. */
  readonly pathMap?: readonly PathMapping[];
  readonly media: MediaFactsByPath;
  readonly output: OutputSettings;
  /** Frames from the timeline's first frame, or null for all of it. */
  readonly range: { readonly startFrame: number; readonly frameCount: number } | null;
  readonly lut: RenderPlan['lut'];
  readonly interpolate: boolean;
  readonly audio: RenderAudio;
  readonly loudness: LoudnessTarget | null;
}

/** The timeline's length in frames at `rate`. */
export function timelineFrames(timeline: Timeline, rate: FrameRate): number {
  return toFrame(timeline.duration(), rate);
}

/** Every file the plan may need facts about (video and audio clips, a prepared audio file). */
export function referencedMediaPaths(options: {
  timeline: Timeline;
  timelineDir: string;
  pathMap?: readonly PathMapping[];
  audio: RenderAudio;
}): string[] {
  const paths: string[] = [];
  for (const clip of options.timeline.findClips()) {
    const ref = clip.mediaReference;
    if (ref instanceof ExternalReference) {
      const path = mediaPath(ref.targetUrl, options.timelineDir, options.pathMap);
      if (path !== null) paths.push(path);
    }
  }
  if (options.audio.kind === 'file') paths.push(options.audio.path);
  return [...new Set(paths)];
}

function audioPlan(options: TimelineToRenderPlanOptions, start: number, count: number): AudioPlan {
  const { audio, media, output, loudness } = options;
  if (audio.kind === 'file') {
    const facts = media.get(audio.path);
    const identity = facts?.status === 'ok' ? facts.identity : audio.path;
    const seconds = (count * output.rate.den) / output.rate.num;
    return {
      clips: [
        {
          name: 'prepared audio',
          path: audio.path,
          fileIdentity: identity,
          sourceStart: (start * output.rate.den) / output.rate.num,
          recordStart: 0,
          duration: seconds,
          timeScalar: 1,
          gainDb: 0,
        },
      ],
      loudness,
    };
  }
  return {
    clips: planAudioClips({
      timeline: options.timeline,
      timelineDir: options.timelineDir,
      pathMap: options.pathMap ?? [],
      media,
      rate: output.rate,
      startFrame: start,
      frameCount: count,
    }),
    loudness,
  };
}

/** Builds the plan. */
export function timelineToRenderPlan(options: TimelineToRenderPlanOptions): RenderPlan {
  const { timeline, output } = options;
  const ctx = {
    timelineDir: options.timelineDir,
    pathMap: options.pathMap ?? [],
    media: options.media,
    interpolate: options.interpolate,
  };
  const tracks = timeline.tracks.children
    .filter((t): t is Track => t instanceof Track && t.kind === TrackKind.Video && t.enabled)
    .map((track) => planVideoTrack({ track, rate: output.rate, ctx }));
  const total = timelineFrames(timeline, output.rate);
  const startFrame = options.range?.startFrame ?? 0;
  const frameCount = options.range?.frameCount ?? total;
  return assembleRenderPlan({
    output,
    tracks,
    startFrame,
    frameCount,
    lut: options.lut,
    audio: audioPlan(options, startFrame, frameCount),
  });
}
