/** `libero generate TIMELINE`: generate every missing shot and write TIMELINE.conformed.otio. */
import type { Command } from 'commander';
import { createProjectGenerator } from '../../main.js';
import { generateWithRequests } from '../../pipeline/generate-with-requests.js';
import { loadProject } from '../../pipeline/project.js';
import { EXIT_DONE_WITH_FAILURES } from '../exit-code.js';
import { describeResult, generateProgressView } from './generate-progress.js';

/** Registers the command. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      "generate what the timeline's shots are missing and write NAME.conformed.otio beside it",
    )
    .argument('<timeline>', "the editor's .otio (never written)")
    .option('--shot <id...>', 'only these shots')
    .option(
      '--comfyui <urls>',
      'ComfyUI hosts, comma-separated (default: LIBERO_COMFYUI_URL; none: the draft generator)',
    )
    .option('--json', 'print the result as JSON')
    .action(
      async (timeline: string, opts: { shot?: string[]; comfyui?: string; json?: boolean }) => {
        const controller = new AbortController();
        const onSigint = (): void => controller.abort(new Error('interrupted (Ctrl-C)'));
        process.once('SIGINT', onSigint);
        const generator = await createProjectGenerator({
          env: process.env,
          comfyui: opts.comfyui ?? null,
          timelinePath: timeline,
        });
        // Bars on a terminal (per shot and overall), plain lines otherwise.
        const view = generateProgressView({
          tty: opts.json !== true && process.stderr.isTTY === true,
          write: (line) => process.stdout.write(line + '\n'),
        });
        try {
          const project = await loadProject(timeline);
          // Regen markers are stored requests, as in `libero serve` (one state store for both).
          const result = await generateWithRequests({
            project,
            generator,
            shotIds: opts.shot ?? null,
            state: null,
            signal: controller.signal,
            onEvent: opts.json === true ? null : view.onEvent,
            now: () => new Date(),
          });
          view.stop();
          if (opts.json === true) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          else for (const line of describeResult(result)) process.stdout.write(line + '\n');
          if (result.shots.some((s) => s.status === 'failed'))
            process.exitCode = EXIT_DONE_WITH_FAILURES;
        } finally {
          view.stop();
          generator.close?.();
          process.off('SIGINT', onSigint);
        }
      },
    );
}
