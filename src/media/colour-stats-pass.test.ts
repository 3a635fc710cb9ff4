import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from './run-ffmpeg.js';
import { buildColourStatsJob, measureColourStats, parseColourStats } from './colour-stats-pass.js';

describe('buildColourStatsJob', () => {
  it('samples frames at low size and measures each RGB plane and the YUV picture', () => {
    const job = buildColourStatsJob({
      path: '/m/take-001.mp4',
      startSeconds: 1.5,
      durationSeconds: 2,
      samples: 8,
      width: 160,
      still: false,
      prefilter: 'format=gbrp,lutrgb=r=val',
      metadataDir: '/tmp/libero-colour-x',
    });
    expect(job.inputs).toEqual([{ source: '/m/take-001.mp4', options: ['-ss', '1.5', '-t', '2'] }]);
    expect(job.filterComplex).toBe(
      '[0:v]fps=fps=8/2:round=near,scale=160:-2:flags=area,format=gbrp,lutrgb=r=val,format=gbrp,split=2[rgb][pic];' +
        '[rgb]extractplanes=r+g+b[pr][pg][pb];' +
        '[pr]signalstats,metadata=mode=print:file=/tmp/libero-colour-x/r.txt[or];' +
        '[pg]signalstats,metadata=mode=print:file=/tmp/libero-colour-x/g.txt[og];' +
        '[pb]signalstats,metadata=mode=print:file=/tmp/libero-colour-x/b.txt[ob];' +
        '[pic]format=yuv444p,signalstats,metadata=mode=print:file=/tmp/libero-colour-x/yuv.txt[oyuv]',
    );
    expect(job.outputs.map((o) => o.options)).toEqual([
      ['-map', '[or]', '-f', 'null'],
      ['-map', '[og]', '-f', 'null'],
      ['-map', '[ob]', '-f', 'null'],
      ['-map', '[oyuv]', '-f', 'null'],
    ]);
  });

  it('refuses a folder the filtergraph would misread', () => {
    expect(() =>
      buildColourStatsJob({
        path: 'a.mp4',
        startSeconds: 0,
        durationSeconds: 1,
        samples: 1,
        width: 160,
        still: false,
        prefilter: null,
        metadataDir: '/tmp/a:b',
      }),
    ).toThrow(/misread/);
  });
});

describe('parseColourStats', () => {
  const plane = (avg: number): string =>
    `frame:0 pts:0 pts_time:0\nlavfi.signalstats.YMIN=0\nlavfi.signalstats.YLOW=51\nlavfi.signalstats.YAVG=${avg}\nlavfi.signalstats.YHIGH=204\nlavfi.signalstats.YMAX=255\n`;
  it('joins the planes frame by frame, as fractions of full scale', () => {
    const frames = parseColourStats({
      r: plane(127.5),
      g: plane(51),
      b: plane(0),
      yuv: 'frame:0 pts:0 pts_time:0\nlavfi.signalstats.SATAVG=25.5\nlavfi.signalstats.ULOW=100\nlavfi.signalstats.UHIGH=151\nlavfi.signalstats.VLOW=128\nlavfi.signalstats.VHIGH=128\n',
    });
    expect(frames).toEqual([
      {
        time: 0,
        r: { min: 0, low: 0.2, avg: 0.5, high: 0.8, max: 1 },
        g: { min: 0, low: 0.2, avg: 0.2, high: 0.8, max: 1 },
        b: { min: 0, low: 0.2, avg: 0, high: 0.8, max: 1 },
        saturation: 0.1,
        chromaSpread: 0.1,
      },
    ]);
  });
});

describe('measureColourStats (real ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'libero-colour-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures a solid colour and honours the prefilter', async () => {
    const path = join(dir, 'solid.mkv');
    await runFfmpeg({
      job: {
        inputs: [
          {
            source: 'color=c=0x804020:size=64x36:rate=12:duration=1,format=gbrp',
            options: ['-f', 'lavfi'],
          },
        ],
        filterComplex: null,
        // lossless RGB so the measured levels are exactly the source's
        outputs: [{ target: path, options: ['-c:v', 'ffv1', '-pix_fmt', 'gbrp'] }],
      },
      signal: null,
      onProgress: null,
    });
    const base = {
      path,
      startSeconds: 0,
      durationSeconds: 1,
      samples: 4,
      width: 64,
      still: false,
      signal: null,
    };
    const plain = await measureColourStats({ ...base, prefilter: null });
    expect(plain).toHaveLength(4);
    for (const f of plain) {
      expect(f.r.avg * 255).toBeCloseTo(0x80, 0);
      expect(f.g.avg * 255).toBeCloseTo(0x40, 0);
      expect(f.b.avg * 255).toBeCloseTo(0x20, 0);
      expect(f.r.low).toBe(f.r.high);
      expect(f.saturation).toBeGreaterThan(0.05);
    }
    const halved = await measureColourStats({ ...base, prefilter: 'format=gbrp,lutrgb=r=val/2' });
    expect((halved[0]?.r.avg ?? 0) * 255).toBeCloseTo(0x40, 0);
    expect((halved[0]?.g.avg ?? 0) * 255).toBeCloseTo(0x40, 0);
  });
});
