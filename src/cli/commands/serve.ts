/** `libero serve TIMELINE`: the service editors keep running beside their NLE. */
import { audioBackendFor, audioEnvFrom } from '../../pipeline/audio-backend-from-env.js';
import { audioBeforeRender } from '../../pipeline/audio-for-render.js';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createProjectGenerator } from '../../main.js';
import { LiberoError } from '../../shared/index.js';
import {
  createPipelineEngine,
  loadOrCreateToken,
  startServer,
  userConfigDir,
} from '../../server/index.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Options of the command line. */
interface ServeFlags {
  port: string;
  host: string;
  autoRender?: boolean;
  debounceMs: string;
  comfyui?: string;
}

function intFlag(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new LiberoError(
      'USAGE',
      `--${name} must be a whole number of at least ${min}, got "${value}"`,
    );
  return n;
}

/** Registers the command. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'watch TIMELINE, generate what is missing, serve the REST/WebSocket API and the panel',
    )
    .argument('<timeline>', 'the .otio file your NLE exports')
    .option('--port <port>', 'port to listen on (0: any free port)', '7370')
    .option(
      '--host <host>',
      'address to listen on; anything but 127.0.0.1 exposes the service to the network',
      '127.0.0.1',
    )
    .option('--auto-render', 'render the conformed timeline whenever every shot is done')
    .option('--debounce-ms <ms>', 'quiet time after a save before the timeline is read', '120')
    .option(
      '--comfyui <urls>',
      'ComfyUI hosts, comma-separated (default: LIBERO_COMFYUI_URL; none: draft)',
    )
    .action(async (timeline: string, flags: ServeFlags) => {
      const timelinePath = resolve(timeline);
      const port = intFlag('port', flags.port, 0);
      if (port > 65535) throw new LiberoError('USAGE', `--port must be at most 65535, got ${port}`);
      const log = (line: string): void => {
        process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      };
      const token = await loadOrCreateToken(userConfigDir(process.env, process.platform));
      const generator = await createProjectGenerator({
        env: process.env,
        comfyui: flags.comfyui ?? null,
        timelinePath,
      });
      const audioBackend = audioBackendFor({
        env: audioEnvFrom(process.env),
        retry: null,
        onEvent: null,
      });
      const audio = audioBeforeRender({
        backend: audioBackend,
        settings: null,
        onEvent: null,
        onResult: null,
      });
      const engine = createPipelineEngine({
        timelinePath,
        generator,
        now: () => new Date(),
        audio,
        audioBackend,
      });
      const server = await startServer({
        timelinePath,
        host: flags.host,
        port,
        autoRender: flags.autoRender === true,
        engine,
        token: token.token,
        env: process.env,
        log,
        debounceMs: intFlag('debounce-ms', flags.debounceMs, 0),
        // As many shot jobs at once as the generator takes (draft: one per core; the ComfyUI pool:
        // all), so a pool sees the whole batch and groups its stages by model.
        concurrency: generator.concurrency,
      });
      if (!LOOPBACK.has(flags.host))
        log(
          `warning: listening on ${flags.host}: other machines can reach this service (the token is still required)`,
        );
      // The one place the token is shown: the panel URL, on the terminal, once per start.
      process.stdout.write(
        `libero serve: panel at ${server.url}/?token=${token.token}\n` +
          `  (token ${token.created ? 'created and ' : ''}stored in ${token.file}; the API takes it as "Authorization: Bearer <token>")\n`,
      );
      await new Promise<void>((done) => {
        const stop = (): void => {
          log('stopping');
          void server.close().then(done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      engine.close();
      generator.close?.();
    });
}
