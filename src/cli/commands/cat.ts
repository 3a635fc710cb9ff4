/** `libero cat FILE`: the timeline re-serialized as OTIO JSON on stdout (like otiocat). */
import type { Command } from 'commander';
import { catTimelineFile } from '../../pipeline/cat-timeline.js';

/** Registers the command. */
export function registerCat(program: Command): void {
  program
    .command('cat')
    .description(
      'print a .otio/.otioz timeline re-serialized as OTIO JSON (upgraded, unknown fields kept)',
    )
    .argument('<file>', 'timeline file (.otio or .otioz)')
    .option('--target-version <label>', 'write the schema versions of an OTIO release, e.g. 0.17.0')
    .action(async (file: string, opts: { targetVersion?: string }) => {
      const text = await catTimelineFile({ file, targetVersion: opts.targetVersion ?? null });
      process.stdout.write(text);
    });
}
