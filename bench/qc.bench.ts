/**
 * `npm run bench -- qc`: take QC on the injected set (tests/qc/qc-set.ts) at 320x180, 4 s per
 * clip, 12 fps. A detection is right when an injected fault of the same kind starts within 2
 * frames of it. Prints per clip what was injected and found, then precision and recall
 * (target: both 1.0) and the QC time per clip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTake } from '../src/conform/qc/check-take.js';
import { makeQcSet } from '../tests/qc/qc-set.js';

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'libero-bench-qc-'));
  try {
    const set = await makeQcSet({ dir, width: 320, height: 180, seconds: 4 });
    let truePositives = 0;
    let detections = 0;
    let expected = 0;
    let found = 0;
    let seconds = 0;
    console.log('clip               score  injected                 found');
    for (const clip of set) {
      const t0 = performance.now();
      const qc = await checkTake({
        path: clip.path,
        joins: clip.joins,
        thresholds: null,
        settings: null,
        signal: null,
      });
      seconds += (performance.now() - t0) / 1000;
      const match = (kind: string, frame: number): boolean =>
        clip.expected.some((e) => e.kind === kind && Math.abs(e.frame - frame) <= 2);
      detections += qc.faults.length;
      truePositives += qc.faults.filter((f) => match(f.kind, f.startFrame)).length;
      expected += clip.expected.length;
      found += clip.expected.filter((e) =>
        qc.faults.some((f) => f.kind === e.kind && Math.abs(f.startFrame - e.frame) <= 2),
      ).length;
      const injected = clip.expected.map((e) => `${e.kind}@${e.frame}`).join(' ') || '-';
      const got = qc.faults.map((f) => `${f.kind}@${f.startFrame}-${f.endFrame}`).join(' ') || '-';
      console.log(
        `${clip.name.padEnd(18)} ${String(qc.score).padStart(5)}  ${injected.padEnd(24)} ${got}`,
      );
    }
    const precision = detections === 0 ? 1 : truePositives / detections;
    const recall = expected === 0 ? 1 : found / expected;
    console.log(
      `\nprecision ${precision.toFixed(3)} (${truePositives}/${detections}), recall ${recall.toFixed(3)} (${found}/${expected}); target 1.0 both: ${precision === 1 && recall === 1 ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `QC time: ${(seconds / set.length).toFixed(2)} s per 4 s clip (${set.length} clips)`,
    );
    if (precision < 1 || recall < 1) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
