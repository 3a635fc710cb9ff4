/** The stored take analysis: made once, reused while the take and range hold, written atomically. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseTake } from '../../src/conform/qc/take-analysis.js';
import {
  analysisFileFor,
  readTakeAnalysis,
  writeTakeAnalysis,
} from '../../src/conform/qc/take-analysis-fs.js';
import { runFfmpeg } from '../../src/media/index.js';

const dir = mkdtempSync(join(tmpdir(), 'libero-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyseTake', () => {
  it('checks and measures a take, stores it, and reuses what still holds', async () => {
    const take = join(dir, 'take-001.mp4');
    await runFfmpeg({
      job: {
        inputs: [{ source: 'testsrc2=s=160x90:r=12:d=2', options: ['-f', 'lavfi'] }],
        filterComplex: "[0:v]drawbox=c=black:t=fill:enable='between(n,6,7)'[v]",
        outputs: [
          { target: take, options: ['-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast'] },
        ],
      },
      signal: null,
      onProgress: null,
    });
    const first = await analyseTake({
      path: take,
      key: 'k1',
      joins: [],
      lookRange: { start: 1, duration: 1 },
      stored: null,
      signal: null,
    });
    expect(first.qc.faults.map((f) => [f.kind, f.startFrame, f.endFrame])).toEqual([
      ['black', 6, 7],
    ]);
    expect(first.look?.frameLabs.length).toBe(8);

    const file = analysisFileFor(take);
    expect(file).toBe(join(dir, 'take-001.qc.json'));
    await writeTakeAnalysis(file, first);
    const stored = await readTakeAnalysis(file);
    expect(stored).toEqual(first);

    // same key and range: nothing runs (the path no longer matters)
    const again = await analyseTake({
      path: join(dir, 'gone.mp4'),
      key: 'k1',
      joins: [],
      lookRange: { start: 1, duration: 1 },
      stored,
      signal: null,
    });
    expect(again).toBe(stored);

    // the editor trimmed the clip: the look is measured again, the QC is kept
    const trimmed = await analyseTake({
      path: take,
      key: 'k1',
      joins: [],
      lookRange: { start: 0, duration: 0.5 },
      stored,
      signal: null,
    });
    expect(trimmed.qc).toBe(stored?.qc);
    expect(trimmed.lookRange).toEqual({ start: 0, duration: 0.5 });
    expect(trimmed.look).not.toEqual(first.look);
  });

  it('reads a missing or broken file as nothing stored', async () => {
    expect(await readTakeAnalysis(join(dir, 'nope.qc.json'))).toBeNull();
  });
});
