/**
 * `npm run bench -- look`: look matching on the extended cast set (tests/look/look-set.ts) at
 * 320x180, 4 s per shot: single casts (warm, cold, lifted blacks, desaturated) at two strengths,
 * four combined casts, clean shots, a shot with a trace of warmth and an opted-out night shot. Prints per shot the colour
 * distance to the scene's reference (mean CIEDE2000 of frame averages) before and after, both
 * measured by ffmpeg (after = through the CDL with the render's own filters). Targets, for the
 * median reference and for a chosen shot: the cast shots' mean distance drops by at least 75%;
 * every cast shot outside the dead band ends nearer; every shot inside the dead band (1.5 ΔE00)
 * is unchanged (no CDL, same distance); the opted-out night shot is untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CDL_LIMITS } from '../src/conform/look/cdl-limits.js';
import { matchLooks } from '../src/conform/look/match-looks.js';
import type { LookMatchRow } from '../src/conform/look/match-looks.js';
import type { ReferenceChoice } from '../src/conform/look/reference-look.js';
import { makeLookSet } from '../tests/look/look-set.js';
import type { LookSetClip } from '../tests/look/look-set.js';

const DEAD_BAND = 1.5;
const fmt = (v: number): string => v.toFixed(2).padStart(7);
const cdlText = (c: LookMatchRow['cdl']): string =>
  c === null
    ? '-'
    : `s[${c.slope.map((v) => v.toFixed(2)).join(' ')}] o[${c.offset.map((v) => v.toFixed(3)).join(' ')}] p[${c.power.map((v) => v.toFixed(2)).join(' ')}] sat ${c.saturation.toFixed(2)}`;

/** Prints the table for one reference choice and checks the targets; true when all hold. */
function report(label: string, set: readonly LookSetClip[], rows: readonly LookMatchRow[]) {
  console.log(`\nreference: ${label}`);
  console.log(
    'shot  cast                         status        limited  ΔE00 before  after   drop   CDL',
  );
  const castRows: LookMatchRow[] = [];
  const failures: string[] = [];
  for (const row of rows) {
    const cast = set.find((c) => c.shotId === row.shotId)?.cast ?? 'none';
    const drop = row.distanceBefore > 0 ? 1 - row.distanceAfter / row.distanceBefore : 0;
    console.log(
      `${row.shotId.padEnd(5)} ${cast.padEnd(28)} ${row.status.padEnd(13)} ${String(row.limited).padEnd(8)} ${fmt(row.distanceBefore)}    ${fmt(row.distanceAfter)} ${(drop * 100).toFixed(0).padStart(4)}%   ${cdlText(row.cdl)}`,
    );
    const isCast = cast !== 'none' && cast !== 'night' && cast !== 'trace warm';
    if (isCast) castRows.push(row);
    if (row.distanceBefore <= DEAD_BAND && row.status !== 'reference') {
      if (row.cdl !== null || row.distanceAfter !== row.distanceBefore)
        failures.push(`${row.shotId} is inside the dead band but was changed`);
    } else if (isCast && !(row.distanceAfter < row.distanceBefore)) {
      failures.push(`${row.shotId} (${cast}) did not end nearer`);
    }
    if (cast === 'night' && (row.cdl !== null || row.distanceAfter !== row.distanceBefore))
      failures.push('the opted-out night shot was changed');
  }
  const before = castRows.reduce((s, r) => s + r.distanceBefore, 0) / castRows.length;
  const after = castRows.reduce((s, r) => s + r.distanceAfter, 0) / castRows.length;
  const drop = 1 - after / before;
  if (drop < 0.75) failures.push(`mean drop ${(drop * 100).toFixed(1)}% < 75%`);
  const inBand = rows.filter((r) => r.distanceBefore <= DEAD_BAND && r.status !== 'reference');
  console.log(
    `cast shots (${castRows.length}): mean ΔE00 ${before.toFixed(2)} -> ${after.toFixed(2)}, drop ${(drop * 100).toFixed(1)}% (target >= 75%); ` +
      `nearer: ${castRows.filter((r) => r.distanceAfter < r.distanceBefore).length}/${castRows.length}; ` +
      `inside the dead band and unchanged: ${inBand.filter((r) => r.cdl === null).length}/${inBand.length}`,
  );
  console.log(failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`);
  return failures.length === 0;
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'libero-bench-look-'));
  try {
    const started = performance.now();
    const set = await makeLookSet({ dir, width: 320, height: 180, seconds: 4, plan: 'extended' });
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
        deadBand: DEAD_BAND,
        samples: 8,
        signal: null,
        onMeasured: null,
      });
      const seconds = (performance.now() - t0) / 1000;
      ok = report(`${label} (${set.length} shots, ${seconds.toFixed(1)} s)`, set, rows) && ok;
    }
    console.log(
      `\nset made in ${((made - started) / 1000).toFixed(1)} s; overall ${ok ? 'PASS' : 'FAIL'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
