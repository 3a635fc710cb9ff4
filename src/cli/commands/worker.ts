/** `libero worker --comfyui URL`: runs the studio's stage jobs on one ComfyUI host. */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { studioSettingsFrom } from '../../config/index.js';
import { createWorkerBackend } from '../../main.js';
import { runStudioWorker } from '../../pipeline/run-studio-worker.js';
import type { StudioWorkerEvent } from '../../pipeline/run-studio-worker.js';
import { LiberoError } from '../../shared/index.js';

/** One line per worker event. */
export function describeWorkerEvent(event: StudioWorkerEvent): string {
  switch (event.type) {
    case 'ready':
      return `worker ${event.name}: waiting for jobs on ${event.queues.join(', ')}`;
    case 'job-started':
      return `${event.jobId.slice(0, 12)} ${event.stage} of ${event.project}/${event.shotId} (attempt ${event.attempt})`;
    case 'job-done':
      return `${event.jobId.slice(0, 12)} done in ${event.seconds.toFixed(1)} s`;
    case 'job-failed':
      return `${event.jobId.slice(0, 12)} failed: ${event.message}`;
    case 'job-returned':
      return `${event.jobId.slice(0, 12)} returned to the queue (worker stopping)`;
    default: {
      const never: never = event;
      return String(never);
    }
  }
}

/** Registers the command. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      "studio mode: take stage jobs from the studio's queues (Redis) and run them on one ComfyUI host",
    )
    .requiredOption('--comfyui <url>', 'the ComfyUI host this worker feeds (http://gpu1:8188)')
    .option('--redis <url>', 'the studio Redis (default: LIBERO_REDIS_URL)')
    .option('--cache <dir>', 'the shared cache folder (default: LIBERO_STUDIO_CACHE)')
    .option('--name <name>', 'this worker in `libero status --farm` (default: machine/host:port)')
    .option(
      '--lock-ms <ms>',
      "how long a job stays this worker's without a renewal: how soon a dead worker's job moves",
      '30000',
    )
    .action(
      async (opts: {
        comfyui: string;
        redis?: string;
        cache?: string;
        name?: string;
        lockMs: string;
      }) => {
        const env = {
          ...process.env,
          ...(opts.redis === undefined ? {} : { LIBERO_REDIS_URL: opts.redis }),
          ...(opts.cache === undefined ? {} : { LIBERO_STUDIO_CACHE: opts.cache }),
        };
        const studio = studioSettingsFrom({ env, config: null });
        if (studio.redisUrl === null || studio.cacheDir === null)
          throw new LiberoError(
            'USAGE',
            'libero worker needs the studio Redis and the shared cache folder: --redis URL (or LIBERO_REDIS_URL) and --cache DIR (or LIBERO_STUDIO_CACHE)',
          );
        const lockMs = Number(opts.lockMs);
        if (!Number.isInteger(lockMs) || lockMs < 1000)
          throw new LiberoError(
            'USAGE',
            `--lock-ms ${opts.lockMs}: a whole number of ms, at least 1000`,
          );
        const { backend, cache, close } = createWorkerBackend({
          comfyui: opts.comfyui,
          cacheDir: studio.cacheDir,
        });
        const stop = new AbortController();
        const onSignal = (): void => stop.abort(new Error('worker stopping'));
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await runStudioWorker({
            redisUrl: studio.redisUrl,
            name: opts.name ?? `${hostname()}/${new URL(opts.comfyui).host}`,
            comfyui: opts.comfyui,
            backend,
            cache,
            lockMs,
            idleMs: 200,
            signal: stop.signal,
            onEvent: (event) => process.stdout.write(describeWorkerEvent(event) + '\n'),
            now: () => new Date(),
          });
        } finally {
          close();
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      },
    );
}
