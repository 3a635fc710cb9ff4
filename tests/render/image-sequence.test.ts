/**
 * An image-sequence plate (PNG frames made here by ffmpeg, colour-coded per frame) rendered
 * through `renderTimeline` and read back frame by frame: the image2 demuxer at the sequence's
 * rate from `start_frame`, 4-digit padding, the clip's trim inside the available range
 * (01:00:00:00-based), an editor path mapped by `paths.map`, and a missing frame named.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../src/media/index.js';
import { inspectReport } from '../../src/pipeline/inspect-timeline.js';
import { hasCode } from '../../src/shared/index.js';
import { existsSync } from 'node:fs';
import { clip, range, rt, timeline, track } from './otio-builder.js';
import { expectLabels, labelsOf, renderOtio, scratch } from './render-harness.js';

const { dir, cleanup } = scratch('imgseq');
afterAll(cleanup);

const plates = join(dir, 'plates', 'sh010');

beforeAll(async () => {
  mkdirSync(plates, { recursive: true });
  // 30 frames numbered 1001..1030, each one flat colour coding (clip 3, frame 0..29).
  await runFfmpeg({
    job: {
      inputs: [
        {
          source:
            "color=c=black:s=64x36:r=24,format=gbrp,geq=r='144':g='16+16*mod(N,14)':b='16+16*trunc(N/14)'",
          options: ['-f', 'lavfi'],
        },
      ],
      filterComplex: null,
      outputs: [
        {
          target: join(plates, 'sh010_plate.%04d.png'),
          options: ['-frames:v', '30', '-start_number', '1001', '-pix_fmt', 'rgb24'],
        },
      ],
    },
    signal: null,
    onProgress: null,
  });
});

/** A clip on the plate sequence: source frames `start`.. of the 01:00:00:00-based range. */
function plateClip(options: { name: string; base: string; start: number; duration: number }) {
  return clip({
    name: options.name,
    url: null,
    start: 86_400 + options.start,
    duration: options.duration,
    rate: 24,
    reference: {
      OTIO_SCHEMA: 'ImageSequenceReference.1',
      name: 'sh010_plate.[1001-1030].png',
      metadata: {},
      available_range: range(86_400, 30, 24),
      target_url_base: options.base,
      name_prefix: 'sh010_plate.',
      name_suffix: '.png',
      start_frame: 1001,
      frame_step: 1,
      rate: 24,
      frame_zero_padding: 4,
      missing_frame_policy: 'error',
    },
  });
}

describe('image sequence plates', () => {
  it('renders the frames the clip uses, frame-exactly, from a local and a mapped editor path', async () => {
    const { frames, summary } = await renderOtio({
      timeline: timeline(
        [
          track('Video', [
            plateClip({ name: 'plate', base: `${plates}/`, start: 5, duration: 12 }),
            // The editor's Windows path, mapped to this machine; no trailing separator.
            plateClip({ name: 'mapped', base: 'P:\\Show\\plates\\sh010', start: 20, duration: 6 }),
          ]),
        ],
        rt(86_400, 24),
      ),
      dir,
      name: 'plate',
      overrides: { pathMap: [{ from: 'P:\\Show', to: dir }] },
    });
    expect(summary.frames).toBe(18);
    expect(labelsOf(frames)).toEqual([
      ...expectLabels(3, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
      ...expectLabels(3, [20, 21, 22, 23, 24, 25]),
    ]);
  });

  it('inspect: the reference target_url is null and the plate is a ready clip', () => {
    const tl = timeline([
      track('Video', [plateClip({ name: 'plate', base: plates, start: 0, duration: 30 })]),
    ]);
    const [item] = inspectReport(tl, { pathMap: [], timelineDir: dir, fileExists: existsSync })
      .timelines[0]!.tracks[0]!.items;
    expect(item?.media).toEqual({
      schema: 'ImageSequenceReference.1',
      target_url: null,
      generator_kind: null,
    });
    expect(item?.libero).toEqual({
      class: 'ready',
      rule: null,
      reason: 'media on disk',
      path: `${plates}/sh010_plate.%04d.png`,
    });
  });

  it('a missing frame the clip uses is named in the error', async () => {
    rmSync(join(plates, 'sh010_plate.1008.png'));
    let error: unknown = null;
    try {
      await renderOtio({
        timeline: timeline([
          track('Video', [plateClip({ name: 'plate', base: plates, start: 5, duration: 12 })]),
        ]),
        dir,
        name: 'holes',
      });
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'FILE_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toBe(
      `Clip "plate" shows image sequence ${plates}/sh010_plate.%04d.png, which lacks 1 of the 12 frame(s) it uses: 1008 (first missing file ${plates}/sh010_plate.1008.png).`,
    );
  });
});
