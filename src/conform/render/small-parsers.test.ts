import { describe, expect, it } from 'vitest';
import { escapeFilterValue } from './filter-escape.js';
import { fitSize } from './fit-size.js';
import { mediaPath } from './media-path.js';
import { parseColour } from './parse-colour.js';
import { parseRenderRange } from './render-range.js';
import { frameRateOf } from './timeline-rate.js';

describe('frameRateOf', () => {
  it.each([
    [24, { num: 24, den: 1 }],
    [23.976023976023978, { num: 24000, den: 1001 }],
    [29.97002997002997, { num: 30000, den: 1001 }],
    [12, { num: 12, den: 1 }],
  ])('%s', (rate, expected) => expect(frameRateOf(rate)).toEqual(expected));
});

describe('parseRenderRange', () => {
  const rate = { num: 24, den: 1 };
  it('reads record timecodes, global start included, out exclusive', () => {
    expect(
      parseRenderRange({
        text: '01:00:01:00-01:00:02:12',
        rate,
        globalStartFrame: 86_400,
        timelineFrames: 1000,
      }),
    ).toEqual({ startFrame: 24, frameCount: 36 });
  });
  it('clamps to the timeline and refuses an empty or unreadable range', () => {
    expect(
      parseRenderRange({
        text: '00:00:00:00-00:10:00:00',
        rate,
        globalStartFrame: 0,
        timelineFrames: 100,
      }),
    ).toEqual({ startFrame: 0, frameCount: 100 });
    expect(() =>
      parseRenderRange({
        text: '00:00:02:00-00:00:01:00',
        rate,
        globalStartFrame: 0,
        timelineFrames: 100,
      }),
    ).toThrow(/empty/);
    expect(() =>
      parseRenderRange({ text: 'soon', rate, globalStartFrame: 0, timelineFrames: 100 }),
    ).toThrow(/--range "soon"/);
  });
});

describe('parseColour', () => {
  it.each([
    ['#FFF', '#ffffff'],
    ['0x2080c0', '#2080c0'],
    ['red', '#ff0000'],
    [[1, 0.5, 0, 1], '#ff8000'],
    [{ r: 0, g: 0, b: 1, a: 1 }, '#0000ff'],
    ['not a colour', '#000000'],
  ])('%j', (value, expected) => expect(parseColour(value, '#000000')).toBe(expected));
});

describe('mediaPath', () => {
  it.each([
    ['file:///media/a%20b.mp4', '/media/a b.mp4'],
    ['file://localhost/media/a.mp4', '/media/a.mp4'],
    ['/abs/a.mp4', '/abs/a.mp4'],
    ['shots/a.mp4', '/project/shots/a.mp4'],
    ['https://cdn/a.mp4', null],
  ])('%s', (url, expected) => expect(mediaPath(url, '/project')).toBe(expected));
});

describe('fitSize', () => {
  it.each([
    // Same aspect fills the frame exactly.
    [
      { width: 3072, height: 1728, sampleAspect: 1 },
      { width: 1920, height: 1080 },
    ],
    // 4:3 is pillarboxed, 2.39:1 letterboxed; anamorphic pixels are honoured.
    [
      { width: 1440, height: 1080, sampleAspect: 1 },
      { width: 1440, height: 1080 },
    ],
    [
      { width: 1920, height: 804, sampleAspect: 1 },
      { width: 1920, height: 804 },
    ],
    [
      { width: 1440, height: 1080, sampleAspect: 4 / 3 },
      { width: 1920, height: 1080 },
    ],
  ])('%j', (video, expected) =>
    expect(fitSize(video, { width: 1920, height: 1080 })).toEqual(expected),
  );
});

describe('escapeFilterValue', () => {
  it('escapes for the option parser, then for the graph parser', () => {
    expect(escapeFilterValue("/a:b,c'd.cube")).toBe("/a\\\\:b\\,c\\\\\\'d.cube");
    expect(escapeFilterValue('/plain/path.ttf')).toBe('/plain/path.ttf');
  });
});
