import { describe, expect, it } from 'vitest';
import { hasCode } from '../../shared/index.js';
import { RationalTime } from '../time/rational-time.js';
import { TimeRange } from '../time/time-range.js';
import { Clip } from './clip.js';
import { Gap } from './gap.js';
import { ExternalReference, MissingReference } from './media-reference.js';
import { Stack } from './stack.js';
import { Timeline } from './timeline.js';
import { Track } from './track.js';
import { Transition } from './transition.js';

const range = (start: number, duration: number, rate = 24): TimeRange =>
  TimeRange.fromValues(start, duration, rate);
const f = (n: number): RationalTime => new RationalTime(n, 24);

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return null;
}

describe('Clip takes (Clip.2, clip.cpp)', () => {
  it('switches the active media reference and its available range', () => {
    const clip = new Clip({
      mediaReferences: {
        'take-001': new ExternalReference({ targetUrl: 'a.mov', availableRange: range(0, 100) }),
        'take-002': new ExternalReference({ targetUrl: 'b.mov', availableRange: range(0, 50) }),
      },
      activeMediaReferenceKey: 'take-001',
    });
    expect(clip.availableRange().duration.value).toBe(100);
    clip.setActiveMediaReferenceKey('take-002');
    expect(clip.trimmedRange().duration.value).toBe(50);
    expect(
      hasCode(
        errorOf(() => clip.setActiveMediaReferenceKey('take-009')),
        'TIMELINE_CANNOT_COMPUTE',
      ),
    ).toBe(true);
  });

  it('defaults to a MissingReference under DEFAULT_MEDIA, whose missing range raises', () => {
    const clip = new Clip({ name: 'placeholder' });
    expect(clip.mediaReference).toBeInstanceOf(MissingReference);
    expect(Object.keys(clip.mediaReferences)).toEqual(['DEFAULT_MEDIA']);
    const error = errorOf(() => clip.trimmedRange());
    expect(hasCode(error, 'TIMELINE_CANNOT_COMPUTE')).toBe(true);
    expect((error as Error).message).toContain(
      'no available_range set on media reference on clip (Clip "placeholder")',
    );
  });
});

describe('ranges in compositions (item.cpp, composition.cpp, track.cpp, stack.cpp)', () => {
  //  track (source_range 5..25): [ A 0..10 ][T in 2 out 3][ B 10..30 ]
  function build(): { tl: Timeline; track: Track; a: Clip; t: Transition; b: Clip } {
    const a = new Clip({ name: 'A', sourceRange: range(100, 10) });
    const t = new Transition({ inOffset: f(2), outOffset: f(3) });
    const b = new Clip({ name: 'B', sourceRange: range(200, 20) });
    const track = new Track({ children: [a, t, b], sourceRange: range(5, 20) });
    const tl = new Timeline({ tracks: new Stack({ children: [track] }) });
    return { tl, track, a, t, b };
  }

  it('rangeInParent lays children end to end; transitions start in_offset before the cut', () => {
    const { a, t, b } = build();
    expect(a.rangeInParent().toString()).toBe('[0@24 +10@24)');
    expect(t.rangeInParent().toString()).toBe('[8@24 +5@24)');
    expect(b.rangeInParent().toString()).toBe('[10@24 +20@24)');
  });

  it('visibleRange widens by the neighbouring transition (handles)', () => {
    const { a, b } = build();
    // A is followed by T: its tail grows by T's out offset (3).
    expect(a.visibleRange().toString()).toBe('[100@24 +13@24)');
    // B follows T: its head grows by T's in offset (2).
    expect(b.visibleRange().toString()).toBe('[198@24 +22@24)');
  });

  it("trimmedRangeInParent clips by the parent's source range", () => {
    const { a, b, track } = build();
    expect(a.trimmedRangeInParent()?.toString()).toBe('[5@24 +5@24)');
    expect(b.trimmedRangeInParent()?.toString()).toBe('[10@24 +15@24)');
    expect(track.duration().value).toBe(20);
    // The track's available range is the sum of its items (10 + 20).
    expect(track.availableRange().duration.value).toBe(30);
  });

  it("childAtTime and childrenInRange search in the composition's time", () => {
    const { tl, track, a, t, b } = build();
    expect(track.childAtTime(f(3))).toBe(a);
    // At the cut the transition (8..13) comes first in child order, so it is the answer.
    expect(track.childAtTime(f(10))).toBe(t);
    expect(track.childAtTime(f(14))).toBe(b);
    expect(track.childAtTime(f(40))).toBeNull();
    // A stack search descends into the track; stack time 12 is track time 17 (the track's
    // source range starts at 5), inside B.
    expect(tl.tracks.childAtTime(f(12))).toBe(b);
    expect(track.childrenInRange(range(9, 2)).map((c) => c.name)).toEqual(['A', '', 'B']);
  });

  it('raises NOT_A_CHILD for an orphan, and refuses a second parent', () => {
    const orphan = new Gap({ duration: f(3) });
    expect(
      hasCode(
        errorOf(() => orphan.rangeInParent()),
        'TIMELINE_CANNOT_COMPUTE',
      ),
    ).toBe(true);
    const { track, a } = build();
    expect(
      hasCode(
        errorOf(() => new Track({ children: [a] })),
        'TIMELINE_CANNOT_COMPUTE',
      ),
    ).toBe(true);
    track.removeChild(0);
    expect(a.parent).toBeNull();
  });

  it('a stack is as long as its longest child', () => {
    const s = new Stack({ children: [new Gap({ duration: f(3) }), new Gap({ duration: f(9) })] });
    expect(s.availableRange().toString()).toBe('[0@24 +9@24)');
  });
});
