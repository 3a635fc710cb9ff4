/** `libero doctor`: is this machine ready? */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { checkGeneratorHosts, readGeneratorConfig } from '../../main.js';
import { runDoctor } from '../../pipeline/doctor.js';
import { timelineMediaChecks } from '../../pipeline/doctor-media.js';
import { loadProject } from '../../pipeline/project.js';
import { studioDoctorChecks } from '../../pipeline/studio-farm.js';

/** Registers the command. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('report Node, ffmpeg (path, version, needed filters) and the configured backends')
    .argument(
      '[timeline]',
      "a project's timeline: also check the ComfyUI hosts its libero.json lists and list its offline media",
    )
    .option(
      '--comfyui <urls>',
      'ComfyUI hosts to check, comma-separated (default: LIBERO_COMFYUI_URL, then libero.json)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (timeline: string | undefined, opts: { json?: boolean; comfyui?: string }) => {
      const checks = await runDoctor(process.env, {
        // Each configured host: version, GPUs, what each template lacks (unreachable = FAIL).
        checkHosts: async () =>
          checkGeneratorHosts({
            env: process.env,
            comfyui: opts.comfyui ?? null,
            config: timeline === undefined ? null : await readGeneratorConfig(timeline),
            projectDir: timeline === undefined ? null : dirname(resolve(timeline)),
            requestTimeoutMs: 5_000,
          }),
      });
      // Studio mode (LIBERO_REDIS_URL / LIBERO_DATABASE_URL): Redis, PostgreSQL, cache, workers.
      checks.push(
        ...(await studioDoctorChecks({
          env: process.env,
          config: timeline === undefined ? null : await readGeneratorConfig(timeline),
        })),
      );
      // The timeline's media here: offline clips, and a paths.map suggestion for a shared root.
      if (timeline !== undefined)
        checks.push(...timelineMediaChecks({ project: await loadProject(timeline) }));
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
