/**
 * Easy iteration for the rest of libero: the clips of a timeline's video or audio tracks with
 * their place in the track, and a deep `findClips` over nested stacks and tracks.
 */
import type { TimeRange } from '../time/time-range.js';
import { Clip } from '../schema/clip.js';
import type { Composition } from '../schema/composition.js';
import type { Timeline } from '../schema/timeline.js';
import { Track } from '../schema/track.js';
import { rangesOfTrackChildren } from './ranges-of-track-children.js';

/** A clip directly on a top-level track. */
export interface TrackClip {
  track: Track;
  /** Index of the track among the timeline's tracks of that kind (0 = bottom). */
  trackIndex: number;
  clip: Clip;
  /** Index of the clip among the track's children. */
  index: number;
  /** `clip.rangeInParent()` (track time, starting at 0); null where the reference raises. */
  rangeInTrack: TimeRange | null;
}

/**
 * The clips of the timeline's video tracks (`kind: 'Video'`), audio tracks (`'Audio'`) or
 * all top-level tracks (null), bottom track first, in track order.
 * @example for (const {clip, rangeInTrack} of timelineClips(tl, 'Video')) ...
 */
export function timelineClips(timeline: Timeline, kind: 'Video' | 'Audio' | null): TrackClip[] {
  const tracks =
    kind === 'Video'
      ? timeline.videoTracks()
      : kind === 'Audio'
        ? timeline.audioTracks()
        : allTracks(timeline);
  const out: TrackClip[] = [];
  tracks.forEach((track, trackIndex) => {
    const ranges = rangesOfTrackChildren(track);
    track.children.forEach((child, index) => {
      if (child instanceof Clip)
        out.push({ track, trackIndex, clip: child, index, rangeInTrack: ranges[index] ?? null });
    });
  });
  return out;
}

function allTracks(timeline: Timeline): Track[] {
  return timeline.tracks.children.filter((c): c is Track => c instanceof Track);
}

/** Every clip below `composition`, depth first (nested stacks and tracks included). */
export function findClips(
  composition: Composition,
  options: { searchRange?: TimeRange | null; shallowSearch?: boolean } = {},
): Clip[] {
  return composition.findChildren((c): c is Clip => c instanceof Clip, options);
}
