/** `libero inspect FILE [--json]`: tracks, clips, ranges, placeholders of a timeline. */
import type { Command } from 'commander';
import { formatInspectSummary, inspectTimelineFile } from '../../pipeline/inspect-timeline.js';

/** Registers the command. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(
      'summarize a timeline: tracks, clips, duration, placeholders (--json: ranges as the reference computes them)',
    )
    .argument('<file>', 'timeline file (.otio or .otioz)')
    .option('--json', 'print the JSON report (schema, timelines, tracks, items, flattened video)')
    .action(async (file: string, opts: { json?: boolean }) => {
      const report = await inspectTimelineFile(file);
      if (opts.json === true) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else process.stdout.write(formatInspectSummary(report, file).join('\n') + '\n');
    });
}
