/**
 * `npm run bench -- qc`: take QC on the injected set (tests/qc/qc-set.ts) and the hard
 * negatives with their hidden freezes (tests/qc/qc-hard-set.ts), made at 640x360 and at
 * 1920x1080 at 12 fps, and at 640x360 at 24 fps, 4 s per clip. A detection is right when an injected fault of the same kind
 * starts within 2 frames of it. Prints per clip what was injected and found, then precision and
 * recall per size and overall (target: both 1.0), clean clips scored below 100, and QC time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTake } from '../src/conform/qc/check-take.js';
import { HARD_FAULTS, HARD_NEGATIVES } from '../tests/qc/qc-hard-set.js';
import { makeQcSet, RECIPES } from '../tests/qc/qc-set.js';

/** Width, height, frame rate: both sizes at generated video's 12 fps, and 640x360 at 24 fps. */
const CONFIGS: readonly [number, number, number][] = [
  [640, 360, 12],
  [1920, 1080, 12],
  [640, 360, 24],
];

interface Tally {
  truePositives: number;
  detections: number;
  expected: number;
  found: number;
  cleanBelow100: number;
  seconds: number;
  clips: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

const newTally = (): Tally => ({
  truePositives: 0,
  detections: 0,
  expected: 0,
  found: 0,
  cleanBelow100: 0,
  seconds: 0,
  clips: 0,
});

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'libero-bench-qc-'));
  const total = newTally();
  try {
    for (const [width, height, fps] of CONFIGS) {
      const set = await makeQcSet({
        dir,
        width,
        height,
        seconds: 4,
        fps,
        recipes: [...RECIPES, ...HARD_NEGATIVES, ...HARD_FAULTS],
      });
      const tally = newTally();
      const label = `${width}x${height} ${fps} fps`;
      console.log(`\n${label}`);
      console.log('clip                        score  injected                 found');
      for (const clip of set) {
        const t0 = performance.now();
        const qc = await checkTake({
          path: clip.path,
          joins: clip.joins,
          thresholds: null,
          settings: null,
          signal: null,
        });
        tally.seconds += (performance.now() - t0) / 1000;
        tally.clips += 1;
        const match = (kind: string, frame: number): boolean =>
          clip.expected.some((e) => e.kind === kind && Math.abs(e.frame - frame) <= 2);
        tally.detections += qc.faults.length;
        tally.truePositives += qc.faults.filter((f) => match(f.kind, f.startFrame)).length;
        tally.expected += clip.expected.length;
        tally.found += clip.expected.filter((e) =>
          qc.faults.some((f) => f.kind === e.kind && Math.abs(f.startFrame - e.frame) <= 2),
        ).length;
        if (clip.expected.length === 0 && qc.score < 100) tally.cleanBelow100 += 1;
        const injected = clip.expected.map((e) => `${e.kind}@${e.frame}`).join(' ') || '-';
        const got =
          qc.faults.map((f) => `${f.kind}@${f.startFrame}-${f.endFrame}`).join(' ') || '-';
        console.log(
          `${clip.name.padEnd(27)} ${String(qc.score).padStart(5)}  ${injected.padEnd(24)} ${got}`,
        );
      }
      report(label, tally);
      for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
    }
    const ok = report('all', total);
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(label: string, t: Tally): boolean {
  const precision = ratio(t.truePositives, t.detections);
  const recall = ratio(t.found, t.expected);
  const ok = precision === 1 && recall === 1 && t.cleanBelow100 === 0;
  console.log(
    `${label}: precision ${precision.toFixed(3)} (${t.truePositives}/${t.detections}), ` +
      `recall ${recall.toFixed(3)} (${t.found}/${t.expected}), clean clips below 100: ` +
      `${t.cleanBelow100}; target 1.0 / 1.0 / 0: ${ok ? 'PASS' : 'FAIL'}; ` +
      `QC ${(t.seconds / Math.max(1, t.clips)).toFixed(2)} s per 4 s clip (${t.clips} clips)`,
  );
  return ok;
}
