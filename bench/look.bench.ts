/**
 * `npm run bench -- look`: look matching on the cast set (tests/look/look-set.ts) at 320x180,
 * 4 s per shot. Prints per shot the colour distance to the scene's reference (mean CIEDE2000 of
 * frame averages) before and after, both measured by ffmpeg (after = through the CDL with the
 * render's own filters). Targets: the cast shots' mean distance drops by at least 60%; the
 * opted-out night shot is untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CDL_LIMITS } from '../src/conform/look/cdl-limits.js';
import { matchLooks } from '../src/conform/look/match-looks.js';
import type { ReferenceChoice } from '../src/conform/look/reference-look.js';
import { makeLookSet } from '../tests/look/look-set.js';

const fmt = (v: number): string => v.toFixed(2).padStart(7);
const cdlText = (
  c: {
    slope: readonly number[];
    offset: readonly number[];
    power: readonly number[];
    saturation: number;
  } | null,
): string =>
  c === null
    ? '-'
    : `s[${c.slope.map((v) => v.toFixed(2)).join(' ')}] o[${c.offset.map((v) => v.toFixed(3)).join(' ')}] p[${c.power.map((v) => v.toFixed(2)).join(' ')}] sat ${c.saturation.toFixed(2)}`;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'libero-bench-look-'));
  try {
    const started = performance.now();
    const set = await makeLookSet({ dir, width: 320, height: 180, seconds: 4 });
    const made = performance.now();
    const choices: [string, ReferenceChoice][] = [
      ['median of the scene', { kind: 'median' }],
      ['chosen shot 1a', { kind: 'shot', shotId: '1a' }],
    ];
    let ok = true;
    for (const [label, choice] of choices) {
      const t0 = performance.now();
      const rows = await matchLooks({
        takes: set.map((c) => ({
          shotId: c.shotId,
          scene: '1',
          path: c.path,
          startSeconds: 0,
          durationSeconds: 4,
          optOut: c.optOut,
          editorCdl: null,
          look: null,
        })),
        scope: 'scene',
        choice,
        limits: DEFAULT_CDL_LIMITS,
        samples: 8,
        signal: null,
        onMeasured: null,
      });
      const seconds = (performance.now() - t0) / 1000;
      console.log(
        `\nreference: ${label} (${set.length} shots measured, matched and re-measured in ${seconds.toFixed(1)} s)`,
      );
      console.log('shot  cast           status      limited  ΔE00 before  after   drop   CDL');
      const castRows: { before: number; after: number }[] = [];
      for (const row of rows) {
        const clip = set.find((c) => c.shotId === row.shotId);
        const cast = clip?.cast ?? '?';
        const drop = row.distanceBefore > 0 ? 1 - row.distanceAfter / row.distanceBefore : 0;
        console.log(
          `${row.shotId.padEnd(5)} ${cast.padEnd(14)} ${row.status.padEnd(11)} ${String(row.limited).padEnd(8)} ${fmt(row.distanceBefore)}    ${fmt(row.distanceAfter)} ${(drop * 100).toFixed(0).padStart(4)}%   ${cdlText(row.cdl)}`,
        );
        if (cast !== 'none' && cast !== 'night')
          castRows.push({ before: row.distanceBefore, after: row.distanceAfter });
      }
      const before = castRows.reduce((s, r) => s + r.before, 0) / castRows.length;
      const after = castRows.reduce((s, r) => s + r.after, 0) / castRows.length;
      const drop = 1 - after / before;
      const night = rows.find((r) => set.find((c) => c.shotId === r.shotId)?.cast === 'night');
      const untouched =
        night !== undefined && night.cdl === null && night.distanceAfter === night.distanceBefore;
      console.log(
        `cast shots: mean ΔE00 ${before.toFixed(2)} -> ${after.toFixed(2)}, drop ${(drop * 100).toFixed(1)}% (target >= 60%) ${drop >= 0.6 ? 'PASS' : 'FAIL'}`,
      );
      console.log(
        `opted-out night shot: ${untouched ? 'untouched (no CDL, distance unchanged) PASS' : 'CHANGED FAIL'}`,
      );
      ok = ok && drop >= 0.6 && untouched;
    }
    console.log(
      `\nset made in ${((made - started) / 1000).toFixed(1)} s; overall ${ok ? 'PASS' : 'FAIL'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
