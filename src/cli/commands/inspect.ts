/** `libero inspect FILE [--json]`: tracks, clips, ranges, placeholders of a timeline. */
import type { Command } from 'commander';
import { formatInspectSummary, inspectTimelineFile } from '../../pipeline/inspect-timeline.js';
import { describeTakeQc } from '../../pipeline/take-qc-summary.js';

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
      else {
        const lines = [...formatInspectSummary(report, file), ...(await describeTakeQc(file))];
        process.stdout.write(lines.join('\n') + '\n');
      }
    });
}
