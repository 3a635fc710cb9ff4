/**
 * A cancelled render stops with ABORTED, writes no master and leaves no half segment; bad
 * encoder settings are refused before any work.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/shared/index.js';
import { clip, timeline, track } from './otio-builder.js';
import { colourSource, renderOtio, scratch } from './render-harness.js';

const { dir, cleanup } = scratch('cancel');
afterAll(cleanup);

describe('cancel', () => {
  it('aborts while encoding: no master written, no half segment left in the cache', async () => {
    const a = await colourSource(dir, {
      name: 'a',
      clip: 0,
      frames: 48,
      rate: '24',
      width: 64,
      height: 36,
      toneHz: null,
    });
    const tl = timeline([
      track('Video', [clip({ name: 'A', url: a.path, start: 0, duration: 48, rate: 24 })]),
    ]);
    const controller = new AbortController();
    const error = await renderOtio({
      timeline: tl,
      dir,
      name: 'master',
      overrides: {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'segments') controller.abort(new Error('user pressed Ctrl-C'));
        },
      },
    }).catch((e: unknown) => e);
    expect(hasCode(error, 'ABORTED')).toBe(true);
    expect(existsSync(join(dir, 'master.mp4'))).toBe(false);
    expect(readdirSync(join(dir, 'cache', 'segments'))).toEqual([]);
  });

  it.each([
    [{ crf: 0 }, /--crf 0: use a whole number from 1 to 51/],
    [{ preset: 'quick' }, /--preset quick: use one of ultrafast, /],
  ])('refuses %j with USAGE', async (overrides, message) => {
    const tl = timeline([
      track('Video', [clip({ name: 'A', url: null, start: 0, duration: 4, rate: 24 })]),
    ]);
    const error = await renderOtio({ timeline: tl, dir, name: 'bad', overrides }).catch(
      (e: unknown) => e,
    );
    expect(hasCode(error, 'USAGE')).toBe(true);
    expect(String(error)).toMatch(message);
  });
});
