/**
 * The audio clips of a timeline's enabled audio tracks, placed relative to the rendered range
 * (pure). A clip's file may be an audio file or a video file with sound (the clip's own
 * audio). Level: `metadata.libero.gain_db` (dB, default 0). Transitions on audio tracks are
 * cuts.
 */
import {
  Clip,
  ExternalReference,
  Track,
  TrackKind,
  rangesOfTrackChildren,
} from '../../timeline/index.js';
import type { Timeline } from '../../timeline/index.js';
import type { PathMapping } from '../../shots/index.js';
import type { MediaFactsByPath } from './media-facts.js';
import { mediaPath } from './media-path.js';
import { clipTimeScalar } from './picture-of-clip.js';
import type { AudioClip, FrameRate } from './render-plan.js';
import { toFrame } from './plan-video-track.js';

/** Options for {@link planAudioClips}. */
export interface PlanAudioClipsOptions {
  readonly timeline: Timeline;
  readonly timelineDir: string;
  /** The project's `paths.map` (the editor's media roots here); absent: none. */
  readonly pathMap?: readonly PathMapping[];
  readonly media: MediaFactsByPath;
  readonly rate: FrameRate;
  readonly startFrame: number;
  readonly frameCount: number;
}

function gainOf(clip: Clip): number {
  const libero = clip.metadata['libero'];
  if (typeof libero !== 'object' || libero === null || Array.isArray(libero)) return 0;
  const gain = Number((libero as Record<string, unknown>)['gain_db'] ?? 0);
  return Number.isFinite(gain) ? gain : 0;
}

/** Every audible audio clip, clipped to the range. */
export function planAudioClips(options: PlanAudioClipsOptions): AudioClip[] {
  const { timeline, timelineDir, media, rate, startFrame, frameCount } = options;
  const seconds = (frames: number): number => (frames * rate.den) / rate.num;
  const clips: AudioClip[] = [];
  for (const track of timeline.tracks.children) {
    if (!(track instanceof Track) || track.kind !== TrackKind.Audio || !track.enabled) continue;
    const ranges = rangesOfTrackChildren(track);
    track.children.forEach((child, i) => {
      if (!(child instanceof Clip) || !child.enabled) return;
      const ref = child.mediaReference;
      if (!(ref instanceof ExternalReference)) return;
      const path = mediaPath(ref.targetUrl, timelineDir, options.pathMap);
      const facts = path === null ? undefined : media.get(path);
      if (path === null || facts?.status !== 'ok' || !facts.hasAudio) return;
      const range = ranges[i];
      if (range === null || range === undefined) return;
      const start = toFrame(range.startTime, rate);
      const end = toFrame(range.endTimeExclusive(), rate);
      const from = Math.max(start, startFrame);
      const to = Math.min(end, startFrame + frameCount);
      if (to <= from) return;
      const scalar = clipTimeScalar(child);
      if (scalar === 0) return;
      const availableStart = ref.availableRange?.startTime.toSeconds() ?? 0;
      const trimStart =
        (child.sourceRange?.startTime.toSeconds() ?? availableStart) - availableStart;
      clips.push({
        name: child.name,
        path,
        fileIdentity: facts.identity,
        sourceStart: Math.max(0, trimStart + seconds(from - start) * scalar),
        recordStart: seconds(from - startFrame),
        duration: seconds(to - from),
        timeScalar: scalar,
        gainDb: gainOf(child),
      });
    });
  }
  return clips;
}
