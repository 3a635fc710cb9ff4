/**
 * An OTIO timeline rendered through `renderTimeline`, checked frame by frame: trims in the
 * media's own time coordinate (available_range starting at 01:00:00:00), tracks composited
 * upper over lower with a 4:3 shot pillarboxed over the shot below, disabled items and tracks
 * skipped, global_start_time shifting nothing, a dissolve using both handles, and --range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clip, dissolve, gap, generator, rt, timeline, track } from './otio-builder.js';
import { colourSource, expectLabels, labelsOf, renderOtio, scratch } from './render-harness.js';
import { pixelAt } from '../helpers/colour-coded-source.js';

const { dir, cleanup } = scratch('otio');
afterAll(cleanup);

let a12 = '';
let b24 = '';
let p43 = '';

beforeAll(async () => {
  a12 = (
    await colourSource(dir, {
      name: 'a12',
      clip: 0,
      frames: 36,
      rate: '12',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).path;
  b24 = (
    await colourSource(dir, {
      name: 'b24',
      clip: 1,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).path;
  p43 = (
    await colourSource(dir, {
      name: 'p43',
      clip: 2,
      frames: 24,
      rate: '24',
      width: 48,
      height: 36,
      toneHz: null,
    })
  ).path;
});

function compositeTimeline() {
  return timeline(
    [
      track('Video', [
        // File frame = source time - available start: 43206@12 - 43200@12 = frame 6.
        clip({
          name: 'A',
          url: a12,
          start: 43206,
          duration: 12,
          rate: 12,
          available: { start: 43200, duration: 36, rate: 12 },
        }),
        clip({
          name: 'B',
          url: `file://${b24}`,
          start: 0,
          duration: 24,
          rate: 24,
          available: { start: 0, duration: 48, rate: 24 },
        }),
      ]),
      track('Video', [
        gap(12, 24),
        clip({ name: 'P', url: p43, start: 0, duration: 12, rate: 24 }),
        clip({ name: 'off', url: p43, start: 0, duration: 12, rate: 24, enabled: false }),
      ]),
      track(
        'Video',
        [
          generator({
            name: 'red',
            kind: 'SolidColor',
            parameters: { color: 'red' },
            duration: 48,
            rate: 24,
          }),
        ],
        false,
      ),
    ],
    rt(86400, 24),
  );
}

describe('OTIO composite', () => {
  it('trims in media time, composites upper over lower, skips disabled items and tracks', async () => {
    const { frames, summary } = await renderOtio({
      timeline: compositeTimeline(),
      dir,
      name: 'composite',
    });
    expect(summary.frames).toBe(48);
    const aFrames = Array.from({ length: 24 }, (_, k) => 6 + Math.floor(k / 2));
    expect(labelsOf(frames)).toEqual([
      ...expectLabels(0, aFrames.slice(0, 12)),
      // P (4:3) over A, centred.
      ...expectLabels(
        2,
        Array.from({ length: 12 }, (_, k) => k),
      ),
      // B; the disabled clip on V2 and the disabled red track do not show.
      ...expectLabels(
        1,
        Array.from({ length: 24 }, (_, k) => k),
      ),
    ]);
    // Left of the 4:3 picture (120 px wide, from x=20) the lower track shows through.
    expect(labelsOf(frames.slice(12, 24), { x: 6, y: 45 })).toEqual(
      expectLabels(0, aFrames.slice(12, 24)),
    );
  });

  it('fits any aspect without stretching: a 4:3 shot alone is pillarboxed in black', async () => {
    const tl = timeline([
      track('Video', [clip({ name: 'P', url: p43, start: 0, duration: 4, rate: 24 })]),
    ]);
    const { frames } = await renderOtio({ timeline: tl, dir, name: 'pillarbox' });
    expect(labelsOf(frames)).toEqual(expectLabels(2, [0, 1, 2, 3]));
    // 48x36 fits 160x90 as 120x90: black bars 20 px wide; the picture's edge columns are coded.
    for (const f of frames) {
      expect(pixelAt(f, 160, { x: 8, y: 45 }).every((v) => v < 8)).toBe(true);
      expect(labelsOf([f], { x: 24, y: 45 })[0]).toMatch(/^2:/);
      expect(labelsOf([f], { x: 136, y: 45 })[0]).toMatch(/^2:/);
    }
  });

  it('renders only the --range, in record timecode (global_start_time included)', async () => {
    const { frames, summary } = await renderOtio({
      timeline: compositeTimeline(),
      dir,
      name: 'ranged',
      overrides: { range: '01:00:00:20-01:00:01:04' },
    });
    expect(summary.frames).toBe(8);
    expect(labelsOf(frames)).toEqual([
      ...expectLabels(2, [8, 9, 10, 11]),
      ...expectLabels(1, [0, 1, 2, 3]),
    ]);
  });

  it('dissolves over in_offset + out_offset using both clips handles', async () => {
    const tl = timeline([
      track('Video', [
        clip({ name: 'A', url: b24, start: 0, duration: 24, rate: 24 }),
        dissolve(6, 6, 24),
        clip({ name: 'B', url: p43, start: 6, duration: 18, rate: 24 }),
      ]),
    ]);
    const { frames, summary } = await renderOtio({
      timeline: tl,
      dir,
      name: 'dissolve',
      overrides: { size: { width: 96, height: 72 } },
    });
    expect(summary.frames).toBe(42);
    const at = { x: 48, y: 36 };
    const labels = frames.map((f) => pixelAt(f, 96, at));
    // Before the transition: A frames 0..17 exactly; after: B from its frame 6 + 6 = 12.
    const codes = frames.map((f) => labelsOf([f], at)[0]);
    expect(codes.slice(0, 18)).toEqual(
      expectLabels(
        1,
        Array.from({ length: 18 }, (_, k) => k),
      ),
    );
    expect(codes.slice(30)).toEqual(
      expectLabels(
        2,
        Array.from({ length: 12 }, (_, k) => 12 + k),
      ),
    );
    // The transition's first frame is A's tail handle (frame 18) untouched.
    expect(codes[18]).toBe('1:18');
    // Red goes from A's 64 towards B's 104 across the 12 frames (B shows its head handle).
    const reds = labels.slice(18, 30).map((rgb) => rgb[0]);
    for (let i = 1; i < reds.length; i++) expect(reds[i]).toBeGreaterThan((reds[i - 1] ?? 0) - 1);
    expect(reds[6]).toBeGreaterThan(76);
    expect(reds[6]).toBeLessThan(90);
    expect(reds[11]).toBeGreaterThan(92);
  });
});
