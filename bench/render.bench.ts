/**
 * `npm run bench -- render`: a 10-shot timeline (10 x 3072x1728 12 fps H.264 shots, the
 * upscaler's output, on a 24 fps timeline) rendered to the 1920x1080 master, measured in the
 * same run against (a) plain ffmpeg decoding the same sources and encoding the same duration
 * with the same encoder settings (target ratio <= 1.15), and (b) the re-render after one shot
 * changed versus the full render (target <= 0.3).
 *
 * Environment: LIBERO_BENCH_RENDER_SECONDS (per shot, default 9: a 90 s timeline),
 * LIBERO_BENCH_RENDER_PRESET (default medium, the product default), LIBERO_BENCH_RENDER_SIZE
 * (source size, default 3072x1728).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from '../src/media/index.js';
import { renderTimeline } from '../src/pipeline/render-timeline.js';
import type { RenderSummary } from '../src/pipeline/render-timeline.js';
import { clip, rt, timeline, track } from '../tests/render/otio-builder.js';

const SHOTS = 10;

async function makeShot(path: string, index: number, seconds: number, size: string): Promise<void> {
  await runFfmpeg({
    job: {
      inputs: [
        {
          source: `testsrc2=size=${size}:rate=12,hue=h=${36 * index},noise=alls=2:allf=t:all_seed=${index}`,
          options: ['-f', 'lavfi'],
        },
      ],
      filterComplex: null,
      outputs: [
        {
          target: path,
          options: [
            '-frames:v',
            String(12 * seconds),
            '-c:v',
            'libx264',
            '-preset',
            'veryfast',
            '-crf',
            '16',
            '-pix_fmt',
            'yuv420p',
          ],
        },
      ],
    },
    signal: null,
    onProgress: null,
  });
}

/** CPU seconds (user + system) used by finished child processes (ffmpeg), from /proc. */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function timed<T>(run: () => Promise<T>): Promise<[Timing, T]> {
  const t0 = performance.now();
  const c0 = childCpuSeconds();
  const value = await run();
  return [{ wall: (performance.now() - t0) / 1000, cpu: childCpuSeconds() - c0 }, value];
}

function show(t: Timing): string {
  return `${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s ffmpeg CPU`;
}

export default async function bench(): Promise<void> {
  const seconds = Number(process.env['LIBERO_BENCH_RENDER_SECONDS'] ?? 9);
  const preset = process.env['LIBERO_BENCH_RENDER_PRESET'] ?? 'medium';
  const size = process.env['LIBERO_BENCH_RENDER_SIZE'] ?? '3072x1728';
  const dir = await mkdtemp(join(tmpdir(), 'libero-render-bench-'));
  try {
    console.log(`making ${SHOTS} shots of ${seconds} s at ${size}, 12 fps ...`);
    const shots: string[] = [];
    for (let i = 0; i <= SHOTS; i++) {
      const path = join(dir, `shot${i}.mp4`);
      await makeShot(path, i, seconds, size);
      shots.push(path);
    }
    // The last file is a new take of shot 5: "replacing one shot".
    const newTake = shots.pop() ?? '';
    const cut = (changedShot: number | null) =>
      timeline(
        [
          track(
            'Video',
            shots.map((url, i) =>
              clip({
                name: `shot ${i + 1}`,
                url: i === changedShot ? newTake : url,
                start: 0,
                duration: 12 * seconds,
                rate: 12,
              }),
            ),
          ),
        ],
        rt(86400, 24),
      );
    const frames = 24 * seconds * SHOTS;

    // (a) baseline: decode the same sources, scale, conform to 24 fps, encode the same way.
    const baseline = join(dir, 'baseline.mp4');
    const inputs = shots.map((source) => ({ source, options: [] }));
    const [base] = await timed(() =>
      runFfmpeg({
        job: {
          inputs,
          filterComplex:
            `${shots.map((_, i) => `[${i}:v]`).join('')}concat=n=${SHOTS}:v=1:a=0,` +
            'scale=1920:1080:flags=lanczos,fps=24,format=yuv420p[v]',
          outputs: [
            {
              target: baseline,
              options: [
                '-map',
                '[v]',
                '-c:v',
                'libx264',
                '-preset',
                preset,
                '-crf',
                '18',
                '-profile:v',
                'high',
                '-pix_fmt',
                'yuv420p',
                '-movflags',
                '+faststart',
              ],
            },
          ],
        },
        signal: null,
        onProgress: null,
      }),
    );

    const render = (name: string, changed: number | null): Promise<[Timing, RenderSummary]> =>
      timed(() =>
        renderTimeline({
          timeline: cut(changed),
          timelinePath: join(dir, 'cut.otio'),
          output: join(dir, `${name}.mp4`),
          lut: null,
          crf: 18,
          preset,
          range: null,
          interpolate: false,
          loudness: null,
          cacheDir: join(dir, 'cache'),
          audio: { kind: 'mix' },
          size: null,
          rate: null,
          debugDir: null,
          signal: null,
          onProgress: null,
        }),
      );
    const [fullTime, full] = await render('full', null);
    const [changedTime, changed] = await render('changed', 4);

    const ratio = (a: Timing, b: Timing): string =>
      `${(a.wall / b.wall).toFixed(3)} wall, ${(a.cpu / b.cpu).toFixed(3)} CPU`;
    console.log(
      `timeline: ${SHOTS} shots, ${frames} frames (${seconds * SHOTS} s) at 1920x1080 24 fps, x264 ${preset} CRF 18`,
    );
    console.log(`baseline (plain ffmpeg decode+scale+encode): ${show(base)}`);
    console.log(`full render: ${show(fullTime)}; ${full.segmentsEncoded} segments encoded`);
    console.log(`(a) full render / baseline = ${ratio(fullTime, base)}  (target <= 1.15)`);
    console.log(
      `re-render after replacing shot 5: ${show(changedTime)}; ${changed.segmentsEncoded} encoded, ${changed.segmentsReused} reused`,
    );
    console.log(`(b) re-render / full render = ${ratio(changedTime, fullTime)}  (target <= 0.3)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
