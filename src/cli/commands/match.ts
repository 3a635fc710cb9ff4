/**
 * `libero match TIMELINE`: match every shot's colour to its scene's reference look and print,
 * per shot, the colour distance (mean CIEDE2000 of frame averages) before and after.
 */
import type { Command } from 'commander';
import { matchProject } from '../../pipeline/match-project.js';
import type { LookMatchRow } from '../../pipeline/match-project.js';
import { loadProject } from '../../pipeline/project.js';

const STATUS: Readonly<Record<LookMatchRow['status'], string>> = {
  matched: 'matched',
  reference: 'reference',
  'opted-out': 'opted out',
  'editor-cdl': "editor's CDL",
  'in-dead-band': 'already near the reference (dead band): left alone',
  'no-gain': 'left alone (no CDL inside the safe limits brings it nearer)',
};

/** The table printed by `libero match` (pure, exported for tests). */
export function describeMatch(rows: readonly LookMatchRow[]): string[] {
  const lines = ['shot          scene  ΔE00 before  after  what'];
  for (const row of rows) {
    const what = `${STATUS[row.status]}${row.limited ? ' (held back by the safe limits)' : ''}`;
    lines.push(
      `${row.shotId.padEnd(13)} ${(row.scene ?? '-').padEnd(6)} ${row.distanceBefore.toFixed(2).padStart(11)}  ${row.distanceAfter.toFixed(2).padStart(5)}  ${what}`,
    );
  }
  const matched = rows.filter((r) => r.status === 'matched');
  if (matched.length > 0) {
    const before = matched.reduce((s, r) => s + r.distanceBefore, 0) / matched.length;
    const after = matched.reduce((s, r) => s + r.distanceAfter, 0) / matched.length;
    lines.push(`matched shots: mean ΔE00 ${before.toFixed(2)} -> ${after.toFixed(2)}`);
  }
  return lines;
}

/** Registers the command. */
export function registerMatch(program: Command): void {
  program
    .command('match')
    .description(
      "match each shot's colour to its scene's reference look (writes metadata.libero.cdl_auto into NAME.conformed.otio) and print the distance before/after",
    )
    .argument('<timeline>', "the editor's .otio (its conformed timeline is updated)")
    .option('--dry-run', 'measure and print only; do not write the conformed timeline')
    .option('--json', 'print the rows as JSON')
    .action(async (timeline: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const controller = new AbortController();
      const onSigint = (): void => controller.abort(new Error('interrupted (Ctrl-C)'));
      process.once('SIGINT', onSigint);
      try {
        const project = await loadProject(timeline);
        const result = await matchProject({
          project,
          signal: controller.signal,
          onEvent: null,
          write: opts.dryRun !== true,
        });
        if (opts.json === true) {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        for (const line of describeMatch(result.rows)) process.stdout.write(line + '\n');
        process.stdout.write(
          opts.dryRun === true ? 'dry run: nothing written\n' : `wrote ${result.conformedFile}\n`,
        );
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
