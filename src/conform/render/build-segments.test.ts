import { describe, expect, it } from 'vitest';
import { buildSegments, coversFrame } from './build-segments.js';
import type { MediaSource, PlanTrack, SolidSource } from './render-plan.js';

const frame = { width: 160, height: 90 };
const video = (width: number, height: number): MediaSource['video'] => ({
  width,
  height,
  sampleAspect: 1,
  rate: { num: 24, den: 1 },
  frameCount: 100,
  colorMatrix: 'bt709',
  fullRange: false,
});
const media = (name: string, width = 64, height = 36): MediaSource => ({
  kind: 'media',
  clipName: name,
  path: `/m/${name}.mp4`,
  fileIdentity: name,
  video: video(width, height),
  sourceStart: 0,
  timeScalar: 1,
  cdl: null,
  interpolate: false,
});
const red: SolidSource = { kind: 'solid', color: '#ff0000' };

describe('coversFrame', () => {
  it.each([
    // 16:9 fills a 16:9 frame; 4:3 does not; generators always do.
    [media('a', 3072, 1728), true],
    [media('b', 48, 36), false],
    [red, true],
  ])('%#', (source, expected) => expect(coversFrame(source, frame)).toBe(expected));
});

describe('buildSegments', () => {
  it('cuts wherever a track changes, within the range', () => {
    const a = media('a');
    const b = media('b');
    const tracks: PlanTrack[] = [
      {
        name: 'V1',
        pieces: [
          { startFrame: 0, frameCount: 10, source: a },
          { startFrame: 10, frameCount: 10, source: b },
        ],
      },
    ];
    expect(buildSegments({ tracks, frame, startFrame: 5, frameCount: 10 })).toEqual([
      { startFrame: 5, frameCount: 5, layers: [{ source: a, offsetFrames: 5 }] },
      { startFrame: 10, frameCount: 5, layers: [{ source: b, offsetFrames: 0 }] },
    ]);
  });

  it('drops layers under a full-frame layer and merges the runs that continue', () => {
    const a = media('a');
    const pip = media('pip', 48, 36);
    const tracks: PlanTrack[] = [
      { name: 'V1', pieces: [{ startFrame: 0, frameCount: 30, source: a }] },
      // A change on V2 (covering, opaque) from 10 to 20 hides V1 there.
      { name: 'V2', pieces: [{ startFrame: 10, frameCount: 10, source: red }] },
      // A 4:3 picture on V3 over everything from 5 to 15.
      { name: 'V3', pieces: [{ startFrame: 5, frameCount: 10, source: pip }] },
    ];
    expect(buildSegments({ tracks, frame, startFrame: 0, frameCount: 30 })).toEqual([
      { startFrame: 0, frameCount: 5, layers: [{ source: a, offsetFrames: 0 }] },
      {
        startFrame: 5,
        frameCount: 5,
        layers: [
          { source: a, offsetFrames: 5 },
          { source: pip, offsetFrames: 0 },
        ],
      },
      {
        startFrame: 10,
        frameCount: 5,
        layers: [
          { source: red, offsetFrames: 0 },
          { source: pip, offsetFrames: 5 },
        ],
      },
      { startFrame: 15, frameCount: 5, layers: [{ source: red, offsetFrames: 5 }] },
      { startFrame: 20, frameCount: 10, layers: [{ source: a, offsetFrames: 20 }] },
    ]);
  });

  it('merges a hidden change away: the segment over it stays one', () => {
    const tracks: PlanTrack[] = [
      {
        name: 'V1',
        pieces: [
          { startFrame: 0, frameCount: 10, source: media('a') },
          { startFrame: 10, frameCount: 10, source: media('b') },
        ],
      },
      { name: 'V2', pieces: [{ startFrame: 0, frameCount: 20, source: red }] },
    ];
    expect(buildSegments({ tracks, frame, startFrame: 0, frameCount: 20 })).toEqual([
      { startFrame: 0, frameCount: 20, layers: [{ source: red, offsetFrames: 0 }] },
    ]);
  });

  it('leaves gaps as black segments without layers', () => {
    const a = media('a');
    const tracks: PlanTrack[] = [
      { name: 'V1', pieces: [{ startFrame: 4, frameCount: 4, source: a }] },
    ];
    expect(buildSegments({ tracks, frame, startFrame: 0, frameCount: 10 })).toEqual([
      { startFrame: 0, frameCount: 4, layers: [] },
      { startFrame: 4, frameCount: 4, layers: [{ source: a, offsetFrames: 0 }] },
      { startFrame: 8, frameCount: 2, layers: [] },
    ]);
  });
});
