import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCode } from '../shared/index.js';
import { ffmpegArgv } from './ffmpeg-job.js';
import type { FfmpegJob } from './ffmpeg-job.js';
import { probeMedia } from './probe-media.js';
import { runFfmpeg } from './run-ffmpeg.js';
import { parseFilterList } from './check-filters.js';

const dir = mkdtempSync(join(tmpdir(), 'libero-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const testsrc = (out: string, seconds: number): FfmpegJob => ({
  inputs: [{ source: `testsrc2=size=64x36:rate=12:duration=${seconds}`, options: ['-f', 'lavfi'] }],
  filterComplex: null,
  outputs: [
    { target: out, options: ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast'] },
  ],
});

describe('runFfmpeg', () => {
  it('builds the argv in fluent-ffmpeg order', () => {
    expect(ffmpegArgv(testsrc('/x/a.mp4', 1))).toEqual([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=64x36:rate=12:duration=1',
      '-y',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-preset',
      'ultrafast',
      '/x/a.mp4',
    ]);
  });

  it('renders a file that ffprobe reads back, with progress', async () => {
    const out = join(dir, 'a.mp4');
    const seen: number[] = [];
    await runFfmpeg({ job: testsrc(out, 2), signal: null, onProgress: (p) => seen.push(p.frames) });
    const probed = await probeMedia(out);
    const video = probed.streams.find((s) => s.kind === 'video');
    expect(video?.width).toBe(64);
    expect(video?.frameRate).toEqual({ num: 12, den: 1 });
    expect(video?.frameCount).toBe(24);
  });

  it('returns raw frames written to pipe:1', async () => {
    const result = await runFfmpeg({
      job: {
        inputs: [{ source: 'color=c=red:size=4x2:rate=1:duration=2', options: ['-f', 'lavfi'] }],
        filterComplex: null,
        outputs: [{ target: 'pipe:1', options: ['-f', 'rawvideo', '-pix_fmt', 'rgb24'] }],
      },
      signal: null,
      onProgress: null,
    });
    expect(result.stdout.length).toBe(4 * 2 * 3 * 2);
    expect(result.stdout[0]).toBeGreaterThan(240);
  });

  it('reports a failing job with FFMPEG_EXIT_NONZERO and the stderr', async () => {
    const job: FfmpegJob = {
      inputs: [{ source: join(dir, 'missing.mp4'), options: [] }],
      filterComplex: null,
      outputs: [{ target: join(dir, 'b.mp4'), options: [] }],
    };
    const error = await runFfmpeg({ job, signal: null, onProgress: null }).catch((e: unknown) => e);
    expect(hasCode(error, 'FFMPEG_EXIT_NONZERO')).toBe(true);
    expect(String((error as Error).message)).toContain('missing.mp4');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const promise = runFfmpeg({
      job: testsrc(join(dir, 'c.mp4'), 600),
      signal: controller.signal,
      onProgress: null,
    });
    setTimeout(() => controller.abort(new Error('test')), 200);
    const error = await promise.catch((e: unknown) => e);
    expect(hasCode(error, 'ABORTED')).toBe(true);
  });
});

describe('parseFilterList', () => {
  it('reads names from `ffmpeg -filters` lines, dynamic pads included', () => {
    const text =
      ' ..C amix              N->A       Audio mixing.\n ... ebur128           A->N       EBU R128 scanner.\n T.C scale  V->V  Scale.\n';
    expect([...parseFilterList(text)]).toEqual(['amix', 'ebur128', 'scale']);
  });
});
