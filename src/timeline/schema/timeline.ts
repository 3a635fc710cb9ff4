/** Timeline.1 (the reference's `timeline.cpp`): a named stack of tracks with a start time. */
import type { RationalTime } from '../time/rational-time.js';
import type { TimeRange } from '../time/time-range.js';
import { Clip } from './clip.js';
import type { Composable } from './composable.js';
import type { NamedOptions } from './serializable-object-with-metadata.js';
import { SerializableObjectWithMetadata } from './serializable-object-with-metadata.js';
import { Stack } from './stack.js';
import { Track, TrackKind } from './track.js';

/** Options of {@link Timeline}. */
export interface TimelineOptions extends NamedOptions {
  tracks?: Stack;
  globalStartTime?: RationalTime | null;
}

/** The top of an edit. */
export class Timeline extends SerializableObjectWithMetadata {
  readonly schemaName = 'Timeline';
  readonly schemaVersion = 1;
  tracks: Stack;
  /** The timecode of the timeline's first frame (e.g. 01:00:00:00 as 86400@24), or null. */
  globalStartTime: RationalTime | null;

  constructor(options: TimelineOptions = {}) {
    super(options);
    this.tracks = options.tracks ?? new Stack({ name: 'tracks' });
    this.globalStartTime = options.globalStartTime ?? null;
  }

  /** The duration of the tracks stack. */
  duration(): RationalTime {
    return this.tracks.duration();
  }

  /** A child's range in the tracks stack. */
  rangeOfChild(child: Composable): TimeRange {
    return this.tracks.rangeOfChild(child);
  }

  /** Tracks of kind Video, top-level only, in order. */
  videoTracks(): Track[] {
    return this.tracks.children.filter(
      (c): c is Track => c instanceof Track && c.kind === TrackKind.Video,
    );
  }

  /** Tracks of kind Audio, top-level only, in order. */
  audioTracks(): Track[] {
    return this.tracks.children.filter(
      (c): c is Track => c instanceof Track && c.kind === TrackKind.Audio,
    );
  }

  /** Every clip (nested stacks and tracks included), optionally only within `searchRange`. */
  findClips(options: { searchRange?: TimeRange | null; shallowSearch?: boolean } = {}): Clip[] {
    return this.tracks.findChildren((c): c is Clip => c instanceof Clip, options);
  }
}
