/**
 * Smart render: segments are cached by content; a re-render after one shot changed encodes
 * only that segment and joins the rest without re-encoding, and the joined master is as exact
 * as a full render (frame count, every frame, audio length). Also the colour pass (per-clip
 * CDL from metadata, a timeline LUT) and the motion-interpolated conform.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCdl } from '../../src/conform/render/cdl.js';
import { probeMedia } from '../../src/media/index.js';
import { codeColour, pixelAt } from '../helpers/colour-coded-source.js';
import { clip, timeline, track } from './otio-builder.js';
import {
  TINY,
  colourSource,
  expectLabels,
  labelsOf,
  readAudio,
  renderOtio,
  scratch,
} from './render-harness.js';

const { dir, cleanup } = scratch('smart');
afterAll(cleanup);

const sources: string[] = [];

beforeAll(async () => {
  for (const [i, rate] of [
    [0, '24'],
    [1, '12'],
    [2, '25'],
    [3, '24'],
  ] as const)
    sources.push(
      (
        await colourSource(dir, {
          name: `s${i}`,
          clip: i,
          frames: 48,
          rate,
          width: 64,
          height: 36,
          toneHz: 300 + 200 * i,
        })
      ).path,
    );
});

function threeShots(secondStart: number) {
  return timeline([
    track('Video', [
      clip({ name: 'one', url: sources[0] ?? '', start: 0, duration: 12, rate: 24 }),
      clip({ name: 'two', url: sources[1] ?? '', start: secondStart, duration: 6, rate: 12 }),
      clip({ name: 'three', url: sources[2] ?? '', start: 5, duration: 12, rate: 24 }),
    ]),
    track('Audio', [
      clip({ name: 'music', url: sources[3] ?? '', start: 0, duration: 36, rate: 24 }),
    ]),
  ]);
}

describe('smart render', () => {
  it('re-encodes only the changed segment and joins the rest exactly', async () => {
    const first = await renderOtio({ timeline: threeShots(0), dir, name: 'full' });
    expect([first.summary.segmentsEncoded, first.summary.segmentsReused]).toEqual([3, 0]);
    const again = await renderOtio({ timeline: threeShots(0), dir, name: 'again' });
    expect([again.summary.segmentsEncoded, again.summary.segmentsReused]).toEqual([0, 3]);
    expect(labelsOf(again.frames)).toEqual(labelsOf(first.frames));

    const changed = await renderOtio({ timeline: threeShots(10), dir, name: 'changed' });
    expect([changed.summary.segmentsEncoded, changed.summary.segmentsReused]).toEqual([1, 2]);
    // 25 fps source on 24: floor((5/25... source starts at frame 5@24 -> 5/24 s) * 25 + k*25/24).
    const three = Array.from({ length: 12 }, (_, k) => Math.floor(((5 + k) / 24) * 25 + 1e-6));
    expect(labelsOf(changed.frames)).toEqual([
      ...expectLabels(
        0,
        Array.from({ length: 12 }, (_, k) => k),
      ),
      ...expectLabels(
        1,
        Array.from({ length: 12 }, (_, k) => 10 + Math.floor(k / 2)),
      ),
      ...expectLabels(2, three),
    ]);
    const probed = await probeMedia(changed.path);
    const video = probed.streams.find((s) => s.kind === 'video');
    expect(video?.frameCount).toBe(36);
    expect(video?.profile).toBe('High');
    expect([video?.colorPrimaries, video?.colorTransfer, video?.colorSpace]).toEqual([
      'bt709',
      'bt709',
      'bt709',
    ]);
    expect(Math.abs((video?.duration ?? 0) - 1.5)).toBeLessThan(1e-3);
    const samples = await readAudio(changed.path);
    expect(Math.abs(samples.length - 72_000)).toBeLessThan(1100);
  });
});

describe('colour pass', () => {
  const cdl = {
    slope: [0.8, 1.2, 1],
    offset: [0.05, 0, -0.02],
    power: [1, 1, 1.5],
    saturation: 0.7,
  } as const;

  it('applies the clip CDL (libero.cdl over cdl_auto, Resolve fields) and the timeline LUT', async () => {
    const tl = timeline([
      track('Video', [
        clip({
          name: 'graded',
          url: sources[3] ?? '',
          start: 20,
          duration: 4,
          rate: 24,
          metadata: {
            libero: {
              cdl,
              cdl_auto: { slope: [2, 2, 2], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 },
            },
          },
        }),
        clip({
          name: 'auto',
          url: sources[3] ?? '',
          start: 20,
          duration: 4,
          rate: 24,
          metadata: { libero: { cdl_auto: cdl } },
        }),
        clip({
          name: 'resolve',
          url: sources[3] ?? '',
          start: 20,
          duration: 4,
          rate: 24,
          metadata: {
            Resolve_OTIO: {
              CDL: {
                Slope: '0.8 1.2 1',
                Offset: '0.05 0 -0.02',
                Power: '1 1 1.5',
                Saturation: '0.7',
              },
            },
          },
        }),
        clip({ name: 'plain', url: sources[3] ?? '', start: 20, duration: 4, rate: 24 }),
      ]),
    ]);
    const { frames } = await renderOtio({ timeline: tl, dir, name: 'graded' });
    const centre = { x: TINY.width / 2, y: TINY.height / 2 };
    // Each clip shows source frames 20..23 (colours 3:20..3:23); the first three are graded.
    frames.slice(0, 12).forEach((f, k) => {
      const original = codeColour(3, 20 + (k % 4));
      const expected = applyCdl(cdl, [original[0] / 255, original[1] / 255, original[2] / 255]);
      const got = pixelAt(f, TINY.width, centre);
      got.forEach((v, i) => expect(Math.abs(v - (expected[i] ?? 0) * 255)).toBeLessThan(5));
    });
    expect(labelsOf(frames.slice(12))).toEqual(expectLabels(3, [20, 21, 22, 23]));

    const cube = join(dir, 'invert.cube');
    writeFileSync(
      cube,
      [
        'LUT_3D_SIZE 2',
        ...[0, 1].flatMap((b) =>
          [0, 1].flatMap((g) => [0, 1].map((r) => `${1 - r} ${1 - g} ${1 - b}`)),
        ),
      ].join('\n') + '\n',
    );
    const inverted = await renderOtio({ timeline: tl, dir, name: 'lut', overrides: { lut: cube } });
    const original = codeColour(3, 21);
    const plainInverted = pixelAt(inverted.frames[13] as Buffer, TINY.width, centre);
    plainInverted.forEach((v, i) =>
      expect(Math.abs(v - (255 - (original[i] ?? 0)))).toBeLessThan(5),
    );
  });
});

describe('--interpolate', () => {
  it('keeps the media frames on their instants and makes new frames in between', async () => {
    const tl = timeline([
      track('Video', [
        clip({ name: 'slow', url: sources[1] ?? '', start: 0, duration: 6, rate: 12 }),
      ]),
    ]);
    const { frames } = await renderOtio({
      timeline: tl,
      dir,
      name: 'interp',
      overrides: { interpolate: true, rate: { num: 24, den: 1 } },
    });
    const labels = labelsOf(frames);
    expect(labels.filter((_, i) => i % 2 === 0)).toEqual(expectLabels(1, [0, 1, 2, 3, 4, 5]));
    // In-between frames are blends (green half-way between two codes), not repeats.
    const odd = labels.filter((_, i) => i % 2 === 1 && i < 11);
    expect(odd.every((l) => l.startsWith('?'))).toBe(true);
  });
});
