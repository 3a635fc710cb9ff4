/**
 * `npm run bench -- timeline`: OTIO JSON read and write for synthetic timelines of 1k, 10k and
 * 100k clips, against bare JSON.parse / JSON.stringify of the same text measured in the same
 * run. Target (issue 2): read+write within 4x of the bare JSON floor at 100k clips, memory
 * under 1 GB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Clip,
  ExternalReference,
  Gap,
  Marker,
  RationalTime,
  Stack,
  TimeRange,
  Timeline,
  Track,
  Transition,
  readFromString,
  writeToString,
} from '../src/timeline/index.js';

function syntheticTimeline(clips: number): Timeline {
  const video = new Track({ name: 'V1', kind: 'Video' });
  const audio = new Track({ name: 'A1', kind: 'Audio' });
  for (let i = 0; i < clips; i++) {
    const track = i % 4 === 3 ? audio : video;
    const clip = new Clip({
      name: `shot_${i}`,
      sourceRange: TimeRange.fromValues(86400 + i * 3, 24 + (i % 48), 24),
      mediaReference: new ExternalReference({
        targetUrl: `/media/shots/shot_${i}/take-001.mov`,
        availableRange: TimeRange.fromValues(86400, 10000, 24),
      }),
      metadata: {
        libero: {
          shot_id: `s${i}`,
          prompt: 'Italy, 1944, a wide desolate view of Turin',
          seed: 184229719894473,
        },
      },
      markers:
        i % 10 === 0
          ? [
              new Marker({
                name: 'prompt',
                markedRange: TimeRange.fromValues(0, 1, 24),
                comment: 'x',
              }),
            ]
          : [],
    });
    track.appendChild(clip);
    if (i % 50 === 49) track.appendChild(new Gap({ duration: new RationalTime(12, 24) }));
    if (i % 20 === 10 && track === video)
      track.appendChild(
        new Transition({
          transitionType: 'SMPTE_Dissolve',
          inOffset: new RationalTime(6, 24),
          outOffset: new RationalTime(6, 24),
        }),
      );
  }
  return new Timeline({
    name: `bench ${clips}`,
    tracks: new Stack({ children: [video, audio] }),
    globalStartTime: new RationalTime(86400, 24),
  });
}

/** Median of `runs` timings in ms. */
function time(runs: number, f: () => unknown): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)] ?? 0;
}

export default async function bench(): Promise<void> {
  let peakRss = 0;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 20);
  console.log('clips    MB   parse  read  ratio | stringify  write  ratio | read+write vs JSON');
  for (const n of [1000, 10000, 100000]) {
    const runs = n >= 100000 ? 3 : 5;
    const text = writeToString(syntheticTimeline(n));
    const parsed: unknown = JSON.parse(text);
    const object = readFromString(text, { file: 'bench' });
    const parse = time(runs, () => JSON.parse(text));
    const read = time(runs, () => readFromString(text, { file: 'bench' }));
    const stringify = time(runs, () => JSON.stringify(parsed, null, 4));
    const write = time(runs, () => writeToString(object));
    sample();
    const same = writeToString(object) === text;
    console.log(
      `${String(n).padStart(6)} ${(text.length / 1e6).toFixed(1).padStart(5)} ${parse.toFixed(0).padStart(6)} ${read.toFixed(0).padStart(5)} ${(read / parse).toFixed(2).padStart(5)}x | ${stringify.toFixed(0).padStart(9)} ${write.toFixed(0).padStart(6)} ${(write / stringify).toFixed(2).padStart(5)}x | ${((read + write) / (parse + stringify)).toFixed(2)}x${same ? '' : '  (round trip differs!)'}`,
    );
  }
  clearInterval(timer);
  // Memory of one read + write of the 100k-clip file, in a fresh process that holds only it.
  const dir = mkdtempSync(join(tmpdir(), 'libero-bench-'));
  const file = join(dir, 'bench-100k.otio');
  writeFileSync(file, writeToString(syntheticTimeline(100000)));
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./timeline-memory.ts', import.meta.url)), file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  rmSync(dir, { recursive: true, force: true });
  const m = JSON.parse(child.stdout) as { startRss: number; peak: number; identical: boolean };
  const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(
    `100k clips, one read + write in a fresh process: peak RSS ${mib(m.peak)} (process start ${mib(m.startRss)}; target < 1024 MiB), output ${m.identical ? 'identical to input' : 'DIFFERS'}`,
  );
  console.log(
    `(in-process peak RSS with the baselines alive: ${mib(peakRss)}; times are medians in ms)`,
  );
}
