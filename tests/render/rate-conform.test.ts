/**
 * Frame-rate conform, trims, speed and freeze, checked frame by frame: each timeline frame
 * must show the media frame that is on screen at that instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleRenderPlan } from '../../src/conform/render/assemble-render-plan.js';
import type { MediaSource, PlanTrack } from '../../src/conform/render/render-plan.js';
import { TINY, colourSource, expectLabels, renderAndRead, scratch } from './render-harness.js';

const { dir, cleanup } = scratch('rate');
afterAll(cleanup);

let at12: (extra: Partial<MediaSource>) => MediaSource;
let at25: (extra: Partial<MediaSource>) => MediaSource;
let atNtsc: (extra: Partial<MediaSource>) => MediaSource;

beforeAll(async () => {
  at12 = (
    await colourSource(dir, {
      name: 'c12',
      clip: 1,
      frames: 36,
      rate: '12',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).media;
  at25 = (
    await colourSource(dir, {
      name: 'c25',
      clip: 2,
      frames: 60,
      rate: '25',
      width: 96,
      height: 54,
      toneHz: null,
    })
  ).media;
  atNtsc = (
    await colourSource(dir, {
      name: 'c2398',
      clip: 3,
      frames: 60,
      rate: '24000/1001',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).media;
});

function oneTrack(pieces: PlanTrack['pieces']): PlanTrack[] {
  return [{ name: 'V1', pieces }];
}

describe('rate conform (24 fps timeline)', () => {
  it('shows the media frame on screen at each instant, across rates, trims, speed and freeze', async () => {
    const tracks = oneTrack([
      // 12 fps from 0.5 s: frame k shows floor((0.5 + k/24) * 12) = 6 + floor(k/2).
      { startFrame: 0, frameCount: 6, source: at12({ sourceStart: 0.5 }) },
      // 25 fps from frame 10: floor((0.4 + k/24) * 25) -> 10, 11, 12, 13, 14, 15, 16, 17(k=7: 17.29).
      { startFrame: 6, frameCount: 8, source: at25({ sourceStart: 0.4 }) },
      // 23.976 from 0: floor(k/24 * 24000/1001) = floor(k * 1000/1001): 0, 0 (k=1: 0.999), 1, ..., 23.
      { startFrame: 14, frameCount: 25, source: atNtsc({ sourceStart: 0 }) },
      // Twice as fast from 1 s at 12 fps: floor((1 + 2k/24) * 12) = 12 + k.
      { startFrame: 39, frameCount: 5, source: at12({ sourceStart: 1, timeScalar: 2 }) },
      // Freeze on the frame on screen at 1.3 s: floor(1.3 * 12) = 15.
      { startFrame: 44, frameCount: 4, source: at12({ sourceStart: 1.3, timeScalar: 0 }) },
    ]);
    const plan = assembleRenderPlan({
      output: TINY,
      tracks,
      startFrame: 0,
      frameCount: 48,
      lut: null,
      audio: { clips: [], loudness: null },
    });
    expect(plan.segments.length).toBe(5);
    const { labels, summary } = await renderAndRead({ plan, dir, name: 'rates' });
    expect(summary.frames).toBe(48);
    expect(labels).toEqual([
      ...expectLabels(1, [6, 6, 7, 7, 8, 8]),
      ...expectLabels(2, [10, 11, 12, 13, 14, 15, 16, 17]),
      ...expectLabels(3, [0, ...Array.from({ length: 24 }, (_, k) => k)]),
      ...expectLabels(1, [12, 13, 14, 15, 16]),
      ...expectLabels(1, [15, 15, 15, 15]),
    ]);
  });

  it('seeks into a file for a late trim and still lands on the exact frames', async () => {
    // 8 s at 25 fps; a trim 6 s in takes the fast-seek path (past 5 s).
    const long = (
      await colourSource(dir, {
        name: 'long',
        clip: 4,
        frames: 190,
        rate: '25',
        width: 64,
        height: 36,
        toneHz: null,
      })
    ).media;
    const plan = assembleRenderPlan({
      output: TINY,
      tracks: oneTrack([{ startFrame: 0, frameCount: 6, source: long({ sourceStart: 6.02 }) }]),
      startFrame: 0,
      frameCount: 6,
      lut: null,
      audio: { clips: [], loudness: null },
    });
    const { labels } = await renderAndRead({ plan, dir, name: 'seek' });
    // floor((6.02 + k/24) * 25) = 150, 151, 152, 153, 154, 155 (k=5: 155.54).
    expect(labels).toEqual(expectLabels(4, [150, 151, 152, 153, 154, 155]));
  });
});
