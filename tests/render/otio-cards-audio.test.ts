/**
 * Generators, title cards, MEDIA OFFLINE cards, speed and freeze effects from OTIO, and the
 * audio mix (tones per clip: which tone plays when, at which level, loudness target, a
 * prepared audio file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_BACKGROUND } from '../../src/conform/render/layer-chain.js';
import { pixelAt } from '../helpers/colour-coded-source.js';
import { dominantFrequency, rmsDb } from '../helpers/colour-coded-source.js';
import { clip, gap, generator, timeWarp, timeline, track } from './otio-builder.js';
import {
  TINY,
  colourSource,
  expectLabels,
  labelsOf,
  measureLoudness,
  readAudio,
  renderOtio,
  scratch,
} from './render-harness.js';

const { dir, cleanup } = scratch('cards');
afterAll(cleanup);

let a24 = '';
let toneLow = '';
let toneHigh = '';

beforeAll(async () => {
  a24 = (
    await colourSource(dir, {
      name: 'a24',
      clip: 0,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: null,
    })
  ).path;
  toneLow = (
    await colourSource(dir, {
      name: 'low',
      clip: 1,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: 440,
    })
  ).path;
  toneHigh = (
    await colourSource(dir, {
      name: 'high',
      clip: 2,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: 1500,
    })
  ).path;
});

const near = (actual: readonly number[], expected: readonly number[], tolerance: number): boolean =>
  actual.every((v, i) => Math.abs(v - (expected[i] ?? 0)) <= tolerance);

function hexRgb(hex: string): number[] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

describe('cards and effects', () => {
  it('renders SolidColor, a title, offline cards naming the clip, speed and freeze', async () => {
    const tl = timeline([
      track('Video', [
        generator({
          name: 'solid',
          kind: 'SolidColor',
          parameters: { color: '#2080c0' },
          duration: 4,
          rate: 24,
        }),
        generator({
          name: 'title',
          kind: 'libero.title',
          parameters: { text: 'FINE', font_size: 400 },
          duration: 4,
          rate: 24,
        }),
        clip({
          name: 'shot 3',
          url: null,
          start: 0,
          duration: 4,
          rate: 24,
          metadata: { libero: { prompt: 'Italy, 1944' } },
        }),
        clip({ name: 'lost', url: `${dir}/nowhere.mp4`, start: 0, duration: 4, rate: 24 }),
        clip({ name: 'fast', url: a24, start: 10, duration: 4, rate: 24, effects: [timeWarp(2)] }),
        clip({ name: 'hold', url: a24, start: 30, duration: 4, rate: 24, effects: [timeWarp(0)] }),
      ]),
    ]);
    const { frames, summary } = await renderOtio({ timeline: tl, dir, name: 'cards' });
    expect(summary.frames).toBe(24);
    const corner = { x: 4, y: 4 };
    for (const f of frames.slice(0, 4))
      expect(near(pixelAt(f, TINY.width, corner), [0x20, 0x80, 0xc0], 4)).toBe(true);
    // The title: black background, white text somewhere in the middle row.
    for (const f of frames.slice(4, 8)) {
      expect(near(pixelAt(f, TINY.width, corner), [0, 0, 0], 4)).toBe(true);
      const row = Array.from(
        { length: TINY.width - 2 },
        (_, x) => pixelAt(f, TINY.width, { x: x + 1, y: 45 })[0],
      );
      expect(Math.max(...row)).toBeGreaterThan(200);
    }
    for (const f of frames.slice(8, 16))
      expect(near(pixelAt(f, TINY.width, corner), hexRgb(OFFLINE_BACKGROUND), 6)).toBe(true);
    expect(summary.offline.map((o) => [o.clipName, o.reason])).toEqual([
      ['shot 3', 'not-generated'],
      ['lost', 'missing-file'],
    ]);
    // Twice as fast from frame 10: 10, 12, 14, 16; frozen on frame 30.
    expect(labelsOf(frames.slice(16))).toEqual([
      ...expectLabels(0, [10, 12, 14, 16]),
      ...expectLabels(0, [30, 30, 30, 30]),
    ]);
  });
});

describe('audio', () => {
  const videoTrack = track('Video', [
    generator({
      name: 'black',
      kind: 'SolidColor',
      parameters: { color: 'black' },
      duration: 48,
      rate: 24,
    }),
  ]);

  it('mixes every audio clip at its place and level, trims respected, 48 kHz stereo AAC', async () => {
    const tl = timeline([
      videoTrack,
      track('Audio', [
        clip({ name: 'low', url: toneLow, start: 12, duration: 18, rate: 24 }),
        gap(12, 24),
        clip({
          name: 'high',
          url: toneHigh,
          start: 0,
          duration: 18,
          rate: 24,
          metadata: { libero: { gain_db: -6 } },
        }),
      ]),
    ]);
    const { path, summary } = await renderOtio({ timeline: tl, dir, name: 'mix' });
    expect(summary.durationSeconds).toBe(2);
    const samples = await readAudio(path);
    // AAC adds no length: the audio is the timeline's 2 s (within one AAC frame).
    expect(Math.abs(samples.length - 96_000)).toBeLessThan(1100);
    const at = (from: number, to: number) => ({
      from: Math.round(from * 48_000),
      to: Math.round(to * 48_000),
    });
    expect(dominantFrequency(samples, 48_000, at(0.1, 0.65))).toBeCloseTo(440, -1);
    expect(rmsDb(samples, at(0.85, 1.15))).toBeLessThan(-60);
    expect(dominantFrequency(samples, 48_000, at(1.35, 1.95))).toBeCloseTo(1500, -1);
    // Both tones are -12 dBFS sines; the second clip is 6 dB down.
    const level = rmsDb(samples, at(1.35, 1.95)) - rmsDb(samples, at(0.1, 0.65));
    expect(level).toBeGreaterThan(-7);
    expect(level).toBeLessThan(-5);
  });

  it('brings the mix to a loudness target (two-pass, linear) and reuses the mix next time', async () => {
    const tl = timeline([
      videoTrack,
      track('Audio', [clip({ name: 'low', url: toneLow, start: 0, duration: 48, rate: 24 })]),
    ]);
    const first = await renderOtio({
      timeline: tl,
      dir,
      name: 'loud',
      overrides: { loudness: -20 },
    });
    expect(first.summary.loudness?.normalization).toBe('linear');
    const measured = await measureLoudness(first.path);
    expect(Math.abs(measured.integrated - -20)).toBeLessThan(1);
    expect(measured.truePeak).toBeLessThan(-1);
    const again = await renderOtio({
      timeline: tl,
      dir,
      name: 'loud2',
      overrides: { loudness: -20 },
    });
    expect(again.summary.audioReused).toBe(true);
    expect(again.summary.loudness).toEqual(first.summary.loudness);
    expect(again.summary.segmentsReused).toBe(again.summary.segmentsTotal);
  });

  it('uses a prepared audio file as the master audio instead of the tracks', async () => {
    const tl = timeline([
      videoTrack,
      track('Audio', [clip({ name: 'low', url: toneLow, start: 0, duration: 48, rate: 24 })]),
    ]);
    const { path } = await renderOtio({
      timeline: tl,
      dir,
      name: 'prepared',
      overrides: { audio: { kind: 'file', path: toneHigh } },
    });
    const samples = await readAudio(path);
    expect(dominantFrequency(samples, 48_000, { from: 4800, to: 90_000 })).toBeCloseTo(1500, -1);
  });
});
