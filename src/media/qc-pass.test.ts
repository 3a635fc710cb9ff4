import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildQcPassJob, DEFAULT_QC_PASS_SETTINGS, parseQcPass, runQcPass } from './qc-pass.js';
import { runFfmpeg } from './run-ffmpeg.js';

describe('buildQcPassJob', () => {
  it('chains the four detectors and prints their metadata to one file', () => {
    const job = buildQcPassJob({
      path: '/m/take-002.mp4',
      settings: DEFAULT_QC_PASS_SETTINGS,
      metadataFile: '/tmp/libero-qc-x/qc.txt',
    });
    expect(job.filterComplex).toBe(
      '[0:v]scale=160:-2:flags=area,signalstats,scdet=threshold=100,freezedetect=n=0.002:d=0.4,' +
        'blackdetect=d=0:pix_th=0.1:pic_th=0.98,metadata=mode=print:file=/tmp/libero-qc-x/qc.txt[out]',
    );
    expect(job.outputs).toEqual([{ target: '-', options: ['-map', '[out]', '-f', 'null'] }]);
  });
});

describe('parseQcPass', () => {
  it('reads luma, scene scores and the frozen and black runs', () => {
    const text = [
      'frame:0 pts:0 pts_time:0',
      'lavfi.signalstats.YAVG=120',
      'lavfi.scd.score=0',
      'frame:1 pts:1 pts_time:0.5',
      'lavfi.signalstats.YAVG=16',
      'lavfi.scd.score=40.5',
      'lavfi.black_start=0.5',
      'lavfi.freezedetect.freeze_start=0.5',
      'frame:2 pts:2 pts_time:1',
      'lavfi.signalstats.YAVG=121',
      'lavfi.scd.score=41',
      'lavfi.black_end=1',
      '',
    ].join('\n');
    expect(parseQcPass(text)).toEqual({
      frames: [
        { time: 0, luma: 120, sceneScore: 0 },
        { time: 0.5, luma: 16, sceneScore: 40.5 },
        { time: 1, luma: 121, sceneScore: 41 },
      ],
      frozen: [{ start: 0.5, end: null }],
      black: [{ start: 0.5, end: 1 }],
    });
  });
});

describe('runQcPass (real ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libero-qcpass-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a black run and a frozen run where they were put', async () => {
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
    expect(result.frozen).toHaveLength(1);
    expect(result.frozen[0]?.start).toBeCloseTo(1, 3);
    expect(result.frozen[0]?.end).toBeCloseTo(20 / 12, 3);
  });
});
