import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildQcPassJob,
  DEFAULT_QC_PASS_SETTINGS,
  parseQcPass,
  qcAnalysisSize,
  runQcPass,
} from './qc-pass.js';
import { runFfmpeg } from './run-ffmpeg.js';

describe('qcAnalysisSize', () => {
  it.each([
    // 40 blocks along the geometric mean side: a 0.25%-of-frame subject covers 2x2 blocks
    // the lag is a quarter of a second, at least 2 frames
    [640, 360, 12, { blocksWide: 53, blocksHigh: 30, blockPixels: 8, lag: 3 }],
    [1920, 1080, 24, { blocksWide: 53, blocksHigh: 30, blockPixels: 8, lag: 6 }],
    // a small source is never upscaled: 3 source pixels a block
    [160, 90, 8, { blocksWide: 53, blocksHigh: 30, blockPixels: 3, lag: 2 }],
    // square
    [512, 512, 30, { blocksWide: 40, blocksHigh: 40, blockPixels: 8, lag: 8 }],
  ] as const)('%ix%i at %i fps', (width, height, fps, size) => {
    expect(qcAnalysisSize({ width, height, fps, settings: DEFAULT_QC_PASS_SETTINGS })).toEqual(
      size,
    );
  });
});

describe('buildQcPassJob', () => {
  it('measures whole frames at 160 wide and differences of block means at the analysis size', () => {
    const job = buildQcPassJob({
      path: '/m/take-002.mp4',
      settings: DEFAULT_QC_PASS_SETTINGS,
      size: { blocksWide: 53, blocksHigh: 30, blockPixels: 8, lag: 3 },
      metadataFiles: {
        frames: '/t/f.txt',
        pixels: '/t/p.txt',
        blocks: '/t/b.txt',
        lagged: '/t/l.txt',
      },
    });
    expect(job.filterComplex).toBe(
      '[0:v]split[w][m];' +
        '[w]scale=160:-2:flags=area,signalstats,scdet=threshold=100,' +
        'blackdetect=d=0:pix_th=0.1:pic_th=0.98,metadata=mode=print:file=/t/f.txt[out];' +
        '[m]scale=424:240:flags=area,format=yuv444p16le,split[p][b];' +
        '[p]tblend=all_mode=difference,signalstats,metadata=mode=print:file=/t/p.txt,nullsink;' +
        '[b]scale=53:30:flags=area,split=3[g][n][o];' +
        '[g]tblend=all_mode=difference,signalstats,metadata=mode=print:file=/t/b.txt,nullsink;' +
        '[o]tpad=start=3:start_mode=clone[back];' +
        '[n][back]blend=all_mode=difference:shortest=1,signalstats,' +
        'metadata=mode=print:file=/t/l.txt,nullsink',
    );
    expect(job.outputs).toEqual([{ target: '-', options: ['-map', '[out]', '-f', 'null'] }]);
  });

  it('refuses a metadata path the filtergraph would misread', () => {
    expect(() =>
      buildQcPassJob({
        path: '/m/t.mp4',
        settings: DEFAULT_QC_PASS_SETTINGS,
        size: { blocksWide: 53, blocksHigh: 30, blockPixels: 8, lag: 3 },
        metadataFiles: {
          frames: '/t/a b.txt',
          pixels: '/t/p.txt',
          blocks: '/t/b.txt',
          lagged: '/t/l.txt',
        },
      }),
    ).toThrow(/a b.txt/);
  });
});

describe('parseQcPass', () => {
  it("reads luma, scene scores, black runs and each frame's differences (16-bit levels)", () => {
    const frames = [
      'frame:0 pts:0 pts_time:0',
      'lavfi.signalstats.YAVG=120',
      'lavfi.scd.score=0',
      'frame:1 pts:1 pts_time:0.5',
      'lavfi.signalstats.YAVG=16',
      'lavfi.scd.score=40.5',
      'lavfi.black_start=0.5',
      'frame:2 pts:2 pts_time:1',
      'lavfi.signalstats.YAVG=121',
      'lavfi.scd.score=41',
      'lavfi.black_end=1',
      '',
    ].join('\n');
    // tblend's first output is the difference of frames 0 and 1, stamped with frame 1's time
    const pixels = [
      'frame:0 pts:1 pts_time:0.5',
      'lavfi.signalstats.YMAX=25700',
      'lavfi.signalstats.YAVG=1028',
      'frame:1 pts:2 pts_time:1',
      'lavfi.signalstats.YMAX=2570',
      'lavfi.signalstats.YAVG=257',
    ].join('\n');
    const blocks = [
      'frame:0 pts:1 pts_time:0.5',
      'lavfi.signalstats.YMAX=5140',
      'lavfi.signalstats.YAVG=514',
      'frame:1 pts:2 pts_time:1',
      'lavfi.signalstats.YMAX=771',
      'lavfi.signalstats.YAVG=128.5',
    ].join('\n');
    // blend against tpad's clones: frame 0 is compared with itself
    const lagged = [
      'frame:0 pts:0 pts_time:0',
      'lavfi.signalstats.YMAX=0',
      'lavfi.signalstats.YAVG=0',
      'frame:1 pts:1 pts_time:0.5',
      'lavfi.signalstats.YMAX=5140',
      'lavfi.signalstats.YAVG=514',
      'frame:2 pts:2 pts_time:1',
      'lavfi.signalstats.YMAX=7710',
      'lavfi.signalstats.YAVG=771',
    ].join('\n');
    expect(parseQcPass({ frames, pixels, blocks, lagged }, { blockPixels: 8, lag: 2 })).toEqual({
      frames: [
        { time: 0, luma: 120, sceneScore: 0, motion: null },
        {
          time: 0.5,
          luma: 16,
          sceneScore: 40.5,
          motion: { pixelMean: 4, blockMax: 20, blockMean: 2, laggedMax: 20, laggedMean: 2 },
        },
        {
          time: 1,
          luma: 121,
          sceneScore: 41,
          motion: { pixelMean: 1, blockMax: 3, blockMean: 0.5, laggedMax: 30, laggedMean: 3 },
        },
      ],
      black: [{ start: 0.5, end: 1 }],
      blockPixels: 8,
      lag: 2,
    });
  });
});

describe('runQcPass (real ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libero-qcpass-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a black run, and the repeated frames have no motion', async () => {
    const path = join(dir, 'faults.mp4');
    await runFfmpeg({
      job: {
        inputs: [{ source: 'testsrc2=size=96x54:rate=12:duration=3', options: ['-f', 'lavfi'] }],
        filterComplex:
          "[0:v]split[a][b];[a][b]freezeframes=first=12:last=19:replace=12,drawbox=c=black:t=fill:enable='between(n,28,29)'[v]",
        outputs: [
          {
            target: path,
            options: ['-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '10'],
          },
        ],
      },
      signal: null,
      onProgress: null,
    });
    const result = await runQcPass({ path, settings: DEFAULT_QC_PASS_SETTINGS, signal: null });
    expect(result.frames).toHaveLength(36);
    expect(result.black).toEqual(
      [{ start: 28 / 12, end: 30 / 12 }].map((r) => ({
        start: expect.closeTo(r.start, 3) as unknown as number,
        end: expect.closeTo(r.end, 3) as unknown as number,
      })),
    );
    // frames 13..19 repeat frame 12 and frame 29 repeats black frame 28: nothing moves in
    // them; testsrc2 moves everywhere else
    const stillFrames = result.frames.flatMap((f, i) =>
      f.motion !== null && f.motion.blockMax < 1 ? [i] : [],
    );
    // against 3 frames back (a quarter of a second at 12 fps): still from frame 15
    const stillBack = result.frames.flatMap((f, i) =>
      f.motion !== null && f.motion.laggedMax < 1 ? [i] : [],
    );
    expect(stillBack).toEqual([15, 16, 17, 18, 19]);
    expect(result.lag).toBe(3);
    expect(stillFrames).toEqual([13, 14, 15, 16, 17, 18, 19, 29]);
    // 96x54: blocks of 1.8 source pixels, one analysis pixel each (never upscaled)
    expect(result.blockPixels).toBe(1);
  });
});
