/**
 * The public OTIO samples (../shared/otio-samples) plan without error: the segments tile the
 * whole timeline exactly, and clips without media are listed as offline. One sample with
 * dissolves and offline clips is rendered for real and checked for its exact frame count.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { timelineRate, timelineToRenderPlan } from '../../src/conform/render/index.js';
import { Timeline, readFromString } from '../../src/timeline/index.js';
import { renderOtio, scratch } from './render-harness.js';

const SAMPLES = fileURLToPath(new URL('../../../shared/otio-samples', import.meta.url));
const files = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.otio'))
  .sort();
const { dir, cleanup } = scratch('samples');
afterAll(cleanup);

function load(file: string): Timeline {
  const value = readFromString(readFileSync(join(SAMPLES, file), 'utf8'), { file });
  if (!(value instanceof Timeline)) throw new Error(`${file} is not a timeline`);
  return value;
}

describe('OTIO samples', () => {
  it.each(files)('%s plans: segments tile the timeline', (file) => {
    const timeline = load(file);
    const rate = timelineRate(timeline);
    const plan = timelineToRenderPlan({
      timeline,
      timelineDir: SAMPLES,
      media: new Map(),
      output: { width: 1920, height: 1080, rate, crf: 18, preset: 'medium' },
      range: null,
      lut: null,
      interpolate: false,
      audio: { kind: 'mix' },
      loudness: null,
    });
    expect(plan.frameCount).toBe(
      Math.round(timeline.duration().valueRescaledTo(rate.num / rate.den)),
    );
    let at = 0;
    for (const segment of plan.segments) {
      expect(segment.startFrame).toBe(at);
      at += segment.frameCount;
    }
    expect(at).toBe(plan.frameCount);
    for (const offline of plan.offline) expect(offline.clipName).not.toBe('');
  });

  it('transition_test.otio renders: every frame there, offline clips named', async () => {
    const { summary, frames } = await renderOtio({
      timeline: load('transition_test.otio'),
      dir,
      name: 'transition_test',
    });
    expect(summary.frames).toBe(170);
    expect(frames.length).toBe(170);
    expect(summary.offline.map((o) => o.clipName)).toEqual(['A', 'B', 'C']);
  });
});
