/** Builds small editor timelines for the shots and pipeline tests (24 fps, one video track). */
import {
  Clip,
  GeneratorReference,
  Marker,
  MissingReference,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
} from '../../src/timeline/index.js';
import type { AnyDictionary } from '../../src/timeline/index.js';

/** One clip of a test timeline. */
export interface TestClip {
  name: string;
  frames: number;
  /** Trim start in the clip's own time (default 0). */
  start?: number;
  libero?: AnyDictionary;
  markers?: { name: string; comment: string }[];
  /** A title card instead of a placeholder. */
  title?: string;
}

/** A timeline at 24 fps with the clips one after another on track V1. */
export function buildTimeline(clips: readonly TestClip[]): Timeline {
  const track = new Track({ name: 'V1', kind: 'Video' });
  for (const c of clips) {
    const range = new TimeRange(new RationalTime(c.start ?? 0, 24), new RationalTime(c.frames, 24));
    const reference =
      c.title === undefined
        ? new MissingReference()
        : new GeneratorReference({
            generatorKind: 'libero.title',
            parameters: { text: c.title },
            availableRange: new TimeRange(new RationalTime(0, 24), new RationalTime(c.frames, 24)),
          });
    track.appendChild(
      new Clip({
        name: c.name,
        sourceRange: range,
        mediaReference: reference,
        metadata: c.libero === undefined ? {} : { libero: c.libero },
        markers: (c.markers ?? []).map(
          (m) =>
            new Marker({
              name: m.name,
              comment: m.comment,
              markedRange: new TimeRange(new RationalTime(0, 24), new RationalTime(1, 24)),
            }),
        ),
      }),
    );
  }
  return new Timeline({ name: 'test', tracks: new Stack({ name: 'tracks', children: [track] }) });
}
