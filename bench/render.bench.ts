/**
 * `npm run bench -- render`: ten 9 s 1080p24 shots of moving detail without audio (testsrc2,
 * a hue per shot, light temporal grain: H.264 as a finished take would be) cut on a 24 fps
 * timeline, rendered to the 1920x1080 master the way `libero render` does (audio mixed from the
 * tracks at -14 LUFS: the cut is silent, so a silent track and no loudness pass). Measured in the
 * same run against:
 *  (a) one plain ffmpeg process decoding the same shots, joining them with the concat filter and
 *      encoding with the same x264 settings (+faststart), target ratio <= 1.15;
 *  (b) the re-render after one shot changed versus the full render, target <= 0.3.
 * Full render and baseline alternate (baseline, render, baseline, render, ...) so a drift in the
 * machine's speed hits both; every full render starts from an empty cache. Both figures and the
 * ratio of each pair are printed, then the medians.
 *
 * Environment: LIBERO_BENCH_RENDER_SECONDS (per shot, default 9: a 90 s timeline),
 * LIBERO_BENCH_RENDER_PRESET (default medium, the product default), LIBERO_BENCH_RENDER_PAIRS
 * (baseline/render pairs, default 1).
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
const RATE = 24;

async function makeShot(path: string, index: number, seconds: number): Promise<void> {
  await runFfmpeg({
    job: {
      inputs: [
        {
          source: `testsrc2=size=1920x1080:rate=${RATE},hue=h=${36 * index},noise=alls=2:allf=t:all_seed=${index}`,
          options: ['-f', 'lavfi'],
        },
      ],
      filterComplex: null,
      outputs: [
        {
          target: path,
          options: [
            '-frames:v',
            String(RATE * seconds),
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

/** The 1-minute load average, to judge how busy the machine was. */
function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export default async function bench(): Promise<void> {
  const seconds = Number(process.env['LIBERO_BENCH_RENDER_SECONDS'] ?? 9);
  const preset = process.env['LIBERO_BENCH_RENDER_PRESET'] ?? 'medium';
  const pairs = Number(process.env['LIBERO_BENCH_RENDER_PAIRS'] ?? 1);
  const dir = await mkdtemp(join(tmpdir(), 'libero-render-bench-'));
  try {
    console.log(`making ${SHOTS} shots of ${seconds} s at 1920x1080 ${RATE} fps, no audio ...`);
    const shots: string[] = [];
    for (let i = 0; i <= SHOTS; i++) {
      const path = join(dir, `shot${i}.mp4`);
      await makeShot(path, i, seconds);
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
                duration: RATE * seconds,
                rate: RATE,
              }),
            ),
          ),
        ],
        rt(86400, RATE),
      );
    const frames = RATE * seconds * SHOTS;

    // (a) baseline: one process decodes the shots, joins them and encodes the same way.
    const baseline = () =>
      timed(() =>
        runFfmpeg({
          job: {
            inputs: shots.map((source) => ({ source, options: [] })),
            filterComplex: `${shots.map((_, i) => `[${i}:v]`).join('')}concat=n=${SHOTS}:v=1:a=0,format=yuv420p[v]`,
            outputs: [
              {
                target: join(dir, 'baseline.mp4'),
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

    const render = (
      name: string,
      changed: number | null,
      cache: string,
    ): Promise<[Timing, RenderSummary]> =>
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
          // What `libero render` asks when the cut has no cues: the tracks' mix at -14 LUFS.
          loudness: -14,
          cacheDir: join(dir, cache),
          audio: { kind: 'mix' },
          size: null,
          rate: null,
          debugDir: null,
          signal: null,
          onProgress: null,
        }),
      );

    console.log(
      `timeline: ${SHOTS} shots, ${frames} frames (${seconds * SHOTS} s) at 1920x1080 ${RATE} fps, x264 ${preset} CRF 18; ${pairs} pair(s), baseline and full render alternating`,
    );
    const bases: Timing[] = [];
    const fulls: Timing[] = [];
    let full: RenderSummary | null = null;
    for (let pair = 0; pair < pairs; pair++) {
      const before = loadAverage();
      const [base] = await baseline();
      const [fullTime, summary] = await render('full', null, `cache-${pair}`);
      full = summary;
      bases.push(base);
      fulls.push(fullTime);
      console.log(
        `pair ${pair + 1}: baseline (one plain ffmpeg, concat filter) ${show(base)}; libero render ${show(fullTime)} (${summary.segmentsEncoded} segments, audio ${summary.audioSilent ? 'silent' : 'mixed'}); ratio ${(fullTime.wall / base.wall).toFixed(3)} wall, ${(fullTime.cpu / base.cpu).toFixed(3)} CPU; load ${before} -> ${loadAverage()}`,
      );
    }
    const ratios = fulls.map((f, i) => f.wall / (bases[i]?.wall ?? 1));
    const cpuRatios = fulls.map((f, i) => f.cpu / (bases[i]?.cpu ?? 1));
    console.log(
      `baseline (plain ffmpeg decode+concat+encode): median ${median(bases.map((b) => b.wall)).toFixed(1)} s wall, ${median(bases.map((b) => b.cpu)).toFixed(1)} s CPU`,
    );
    console.log(
      `full libero render: median ${median(fulls.map((f) => f.wall)).toFixed(1)} s wall, ${median(fulls.map((f) => f.cpu)).toFixed(1)} s CPU`,
    );
    console.log(
      `(a) full render / baseline = ${median(ratios).toFixed(3)} wall, ${median(cpuRatios).toFixed(3)} CPU (median of ${pairs} pair(s); target <= 1.15)`,
    );

    const [changedTime, changed] = await render('changed', 4, `cache-${pairs - 1}`);
    const lastFull = fulls[fulls.length - 1] ?? changedTime;
    console.log(
      `re-render after replacing shot 5: ${show(changedTime)}; ${changed.segmentsEncoded} encoded, ${changed.segmentsReused} reused of ${full?.segmentsTotal ?? '?'}`,
    );
    console.log(
      `(b) re-render / full render = ${(changedTime.wall / lastFull.wall).toFixed(3)} wall, ${(changedTime.cpu / lastFull.cpu).toFixed(3)} CPU  (target <= 0.3)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
