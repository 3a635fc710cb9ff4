import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { Clip } from '../schema/clip.js';
import { Gap } from '../schema/gap.js';
import { ExternalReference } from '../schema/media-reference.js';
import { Stack } from '../schema/stack.js';
import { Timeline } from '../schema/timeline.js';
import { Track } from '../schema/track.js';
import { Transition } from '../schema/transition.js';
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { flattenStack } from './flatten-stack.js';
import { rangesOfTrackChildren } from './ranges-of-track-children.js';
import { findClips, timelineClips } from './timeline-clips.js';
import { trackTrimmedToRange } from './track-trimmed-to-range.js';
import { transitionOffsets } from './transition-offsets.js';

const f = (n: number): RationalTime => new RationalTime(n, 24);
const range = (start: number, duration: number): TimeRange =>
  TimeRange.fromValues(start, duration, 24);
const clip = (name: string, start: number, duration: number): Clip =>
  new Clip({
    name,
    sourceRange: range(start, duration),
    mediaReference: new ExternalReference({ targetUrl: `${name}.mov` }),
  });
const gap = (duration: number): Gap => new Gap({ duration: f(duration) });
const names = (t: Track): string[] => t.children.map((c) => c.name);
const sources = (t: Track): string[] =>
  t.children.map(
    (c) => `${c.name}:${c instanceof Clip || c instanceof Gap ? c.sourceRange?.toString() : ''}`,
  );

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}

describe('trackTrimmedToRange (trackAlgorithm.cpp)', () => {
  //  track:   [ A 0..10 ][ B 10..20 ][ C 20..30 ]
  //  trim:          [5 .................. 25)
  const track = (): Track =>
    new Track({ children: [clip('A', 100, 10), clip('B', 200, 10), clip('C', 300, 10)] });

  it('keeps what lies inside and trims the edges', () => {
    const out = trackTrimmedToRange(track(), range(5, 20));
    // A loses its first 5 frames (source start +5), C its last 5.
    expect(sources(out)).toEqual(['A:[105@24 +5@24)', 'B:[200@24 +10@24)', 'C:[300@24 +5@24)']);
  });

  it('drops children that only touch the range, and leaves the original alone', () => {
    const t = track();
    expect(names(trackTrimmedToRange(t, range(10, 10)))).toEqual(['B']);
    expect(names(t)).toEqual(['A', 'B', 'C']);
  });

  it('refuses to cut a transition in half', () => {
    const t = track();
    t.insertChild(1, new Transition({ inOffset: f(3), outOffset: f(3) }));
    expect(
      hasCode(
        errorOf(() => trackTrimmedToRange(t, range(9, 20))),
        'TIMELINE_CANNOT_COMPUTE',
      ),
    ).toBe(true);
  });
});

describe('flattenStack (stackAlgorithm.cpp)', () => {
  it('lets lower tracks show through gaps and disabled items', () => {
    //  V2: [ gap 0..10 ][ X 10..20 ][ Y (disabled) 20..30 ]
    //  V1: [ A 0..30                                       ]
    //  ->  [ A'  0..10 ][ X        ][ A'' 20..30           ]
    const y = clip('Y', 0, 10);
    y.enabled = false;
    const v1 = new Track({ children: [clip('A', 0, 30)] });
    const v2 = new Track({ children: [gap(10), clip('X', 0, 10), y] });
    const flat = flattenStack(new Stack({ children: [v1, v2] }));
    expect(sources(flat)).toEqual(['A:[0@24 +10@24)', 'X:[0@24 +10@24)', 'A:[20@24 +10@24)']);
    expect(flat.name).toBe('Flattened');
  });

  it('pads shorter tracks with a gap and skips disabled tracks of a stack', () => {
    const v1 = new Track({ children: [clip('A', 0, 30)] });
    const v2 = new Track({ children: [clip('X', 0, 10)] });
    const off = new Track({ children: [clip('Z', 0, 30)], enabled: false });
    expect(sources(flattenStack(new Stack({ children: [v1, v2, off] })))).toEqual([
      'X:[0@24 +10@24)',
      'A:[10@24 +20@24)',
    ]);
    // A list of tracks is taken as given (disabled tracks included), as the reference's overload.
    expect(names(flattenStack([v1, v2, off]))).toEqual(['Z']);
  });
});

describe('rangesOfTrackChildren', () => {
  it('equals rangeOfChildAtIndex for every child, transitions and mixed rates included', () => {
    const t = new Track({
      children: [
        new Transition({ inOffset: f(2), outOffset: f(2) }),
        clip('A', 0, 10),
        new Transition({ inOffset: f(3), outOffset: f(4) }),
        new Clip({ name: 'B', sourceRange: TimeRange.fromValues(0, 20, 48) }),
        gap(5),
        clip('C', 0, 7),
      ],
    });
    const fast = rangesOfTrackChildren(t);
    t.children.forEach((_c, i) =>
      expect(fast[i]?.strictlyEqual(t.rangeOfChildAtIndex(i))).toBe(true),
    );
    // B is at 48 fps: its start is A's 10@24 rescaled, i.e. 20@48.
    expect(fast[3]?.toString()).toBe('[20@48 +20@48)');
  });

  it('gives null where the reference raises (a clip without any range)', () => {
    const t = new Track({
      children: [clip('A', 0, 10), new Clip({ name: 'no range' }), clip('C', 0, 5)],
    });
    expect(rangesOfTrackChildren(t).map((r) => r?.toString() ?? null)).toEqual([
      '[0@24 +10@24)',
      null,
      null,
    ]);
  });
});

describe('transitionOffsets, timelineClips, findClips', () => {
  const v = new Track({
    name: 'V1',
    children: [
      clip('A', 0, 10),
      new Transition({ inOffset: f(2), outOffset: f(3) }),
      clip('B', 0, 10),
    ],
  });
  const nested = new Stack({
    name: 'nest',
    children: [new Track({ children: [clip('N', 0, 4)] })],
  });
  const a = new Track({ name: 'A1', kind: 'Audio', children: [gap(4), clip('VO', 0, 8), nested] });
  const tl = new Timeline({ tracks: new Stack({ children: [v, a] }) });

  it('places a transition around its cut', () => {
    const [t] = transitionOffsets(v);
    expect(t?.range?.toString()).toBe('[8@24 +5@24)');
    expect(t?.cut?.value).toBe(10);
    expect([t?.before?.name, t?.after?.name]).toEqual(['A', 'B']);
  });

  it('lists video or audio clips with their ranges', () => {
    expect(
      timelineClips(tl, 'Video').map((c) => `${c.clip.name}@${c.rangeInTrack?.startTime.value}`),
    ).toEqual(['A@0', 'B@10']);
    expect(timelineClips(tl, 'Audio').map((c) => c.clip.name)).toEqual(['VO']);
    expect(timelineClips(tl, null)).toHaveLength(3);
  });

  it('finds clips in nested stacks and tracks, optionally in a range', () => {
    expect(findClips(tl.tracks).map((c) => c.name)).toEqual(['A', 'B', 'VO', 'N']);
    expect(tl.findClips().map((c) => c.name)).toEqual(['A', 'B', 'VO', 'N']);
    expect(findClips(v, { searchRange: range(12, 3) }).map((c) => c.name)).toEqual(['B']);
  });
});
