import { describe, expect, it } from 'vitest';
import type { MediaSource, Segment } from './render-plan.js';
import { segmentKey } from './segment-key.js';

const shot: MediaSource = {
  kind: 'media',
  clipName: 'shot 5',
  path: '/m/s5.mp4',
  fileIdentity: '/m/s5.mp4:100:1',
  video: {
    width: 64,
    height: 36,
    sampleAspect: 1,
    rate: { num: 12, den: 1 },
    frameCount: 24,
    colorMatrix: 'bt709',
    fullRange: false,
  },
  sourceStart: 0,
  timeScalar: 1,
  cdl: null,
  interpolate: false,
};
const segment: Segment = {
  startFrame: 0,
  frameCount: 24,
  layers: [{ source: shot, offsetFrames: 0 }],
};
const key = (s: Segment, lut: string | null = null, fingerprint = 'ffmpeg 5.1 medium 18') =>
  segmentKey({ segment: s, lutHash: lut, fingerprint });

describe('segmentKey', () => {
  it('ignores where the segment sits and what the clip is called', () => {
    expect(key({ ...segment, startFrame: 480 })).toBe(key(segment));
    expect(
      key({ ...segment, layers: [{ source: { ...shot, clipName: 'renamed' }, offsetFrames: 0 }] }),
    ).toBe(key(segment));
  });

  it.each([
    [
      'a new take (file identity)',
      {
        ...segment,
        layers: [{ source: { ...shot, fileIdentity: '/m/s5.mp4:101:2' }, offsetFrames: 0 }],
      },
    ],
    [
      'a new trim',
      { ...segment, layers: [{ source: { ...shot, sourceStart: 0.5 }, offsetFrames: 0 }] },
    ],
    [
      'a grade',
      {
        ...segment,
        layers: [
          {
            source: {
              ...shot,
              cdl: { slope: [1.1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 },
            },
            offsetFrames: 0,
          },
        ],
      },
    ],
    ['a length', { ...segment, frameCount: 23 }],
  ] as const)('changes with %s', (_, changed) => expect(key(changed)).not.toBe(key(segment)));

  it('changes with the LUT content and the encoder', () => {
    expect(key(segment, 'abc')).not.toBe(key(segment));
    expect(key(segment, null, 'ffmpeg 6.0 medium 18')).not.toBe(key(segment));
  });
});
