/**
 * `flattenStack` from the reference's `stackAlgorithm.cpp`: one track showing what a viewer
 * sees through a stack of tracks. The top track (last child) wins; where it has a gap or a
 * disabled item, the track below shows through, recursively; the bottom track is taken as is.
 * ```
 *  V2:   [ gap       ][ B       ]
 *  V1:   [ A                    ][ C ]      (V1 longer: V2 is padded with a gap)
 *  flat: [ A' (trim) ][ B       ][ C ]
 * ```
 * Edge cases (as the reference): shorter tracks are padded with a gap to the longest
 * duration first; transitions on any track are copied through; gaps in the bottom track stay
 * gaps; for a Stack only enabled tracks count, a list of tracks is taken as given; every
 * child of a stack must be a Track (else TIMELINE_CANNOT_COMPUTE). Items are deep copies.
 */
import { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import { TimeRange as TR } from '../time/time-range.js';
import { cannotCompute } from '../schema/cannot-compute.js';
import type { Composable } from '../schema/composable.js';
import { Gap } from '../schema/gap.js';
import { Item } from '../schema/item.js';
import { Stack } from '../schema/stack.js';
import { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';
import { deepCopy } from '../serialize/deep-copy.js';
import { copyTrackShell } from './copy-track-shell.js';
import { childRangesOf, trimTrackWithRanges } from './track-trimmed-to-range.js';
import type { ChildRanges } from './track-trimmed-to-range.js';

/** Flattens a Stack (its enabled tracks) or a list of tracks (bottom first) into one track named "Flattened". */
export function flattenStack(input: Stack | readonly Track[]): Track {
  let tracks: Track[];
  if (input instanceof Stack) {
    tracks = [];
    for (const child of input.children) {
      if (!(child instanceof Track))
        throw cannotCompute('TYPE_MISMATCH', 'expected item of type Track', child);
      if (child.enabled) tracks.push(child);
    }
  } else {
    tracks = [...input];
  }
  tracks = normalizeTrackLengths(tracks);
  const flat = new Track({ name: 'Flattened' });
  const out: Composable[] = [];
  const ranges = new Map<Track, ChildRanges>();
  flattenNextItem({ out, tracks, trackIndex: tracks.length - 1, trimRange: null, ranges });
  flat.setChildren(out);
  return flat;
}

interface FlattenState {
  out: Composable[];
  tracks: readonly Track[];
  trackIndex: number;
  trimRange: TimeRange | null;
  ranges: Map<Track, ChildRanges>;
}

function rangesOf(state: FlattenState, track: Track): ChildRanges {
  let ranges = state.ranges.get(track);
  if (ranges === undefined) {
    ranges = childRangesOf(track);
    state.ranges.set(track, ranges);
  }
  return ranges;
}

function flattenNextItem(state: FlattenState): void {
  const { trackIndex, trimRange } = state;
  if (trackIndex < 0) return;
  const original = state.tracks[trackIndex] as Track;
  const track =
    trimRange === null
      ? original
      : trimTrackWithRanges({ track: original, ranges: rangesOf(state, original), trimRange });
  const trackMap = trimRange === null ? rangesOf(state, track).ranges : track.rangeOfAllChildren();
  for (const child of track.children) {
    const item = child instanceof Item ? child : null;
    if (item === null && !(child instanceof Transition))
      throw cannotCompute('TYPE_MISMATCH', 'expected item of type Item or Transition', child);
    if (item === null || item.visible() || trackIndex === 0) {
      // Children of a trimmed track are already copies (of a temporary track): take them over.
      const copy = trimRange === null ? deepCopy(child) : child;
      copy.parent = null;
      state.out.push(copy);
    } else {
      let trim = trackMap.get(item) ?? new TR();
      if (trimRange !== null) trim = new TR(trim.startTime.add(trimRange.startTime), trim.duration);
      flattenNextItem({ ...state, trackIndex: trackIndex - 1, trimRange: trim });
    }
  }
}

/** Pads tracks shorter than the longest with a trailing gap (copies; originals untouched). */
function normalizeTrackLengths(tracks: Track[]): Track[] {
  let duration = new RationalTime();
  for (const track of tracks) {
    const d = track.duration();
    if (duration.lt(d)) duration = d;
  }
  return tracks.map((track) => {
    const d = track.duration();
    if (!d.lt(duration)) return track;
    const copy = copyTrackShell(track);
    copy.setChildren([
      ...track.children.map((c) => deepCopy(c)),
      new Gap({ duration: duration.subtract(d) }),
    ]);
    return copy;
  });
}
