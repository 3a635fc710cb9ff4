/** `libero doctor`: is this machine ready? */
import type { Command } from 'commander';
import { runDoctor } from '../../pipeline/doctor.js';

/** Registers the command. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('report Node, ffmpeg (path, version, needed filters) and the configured backends')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const checks = await runDoctor(process.env);
      if (opts.json === true) {
        process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
      } else {
        for (const check of checks)
          process.stdout.write(
            `${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(18)} ${check.detail}\n`,
          );
      }
      if (checks.some((c) => !c.ok)) process.exitCode = 4;
    });
}
