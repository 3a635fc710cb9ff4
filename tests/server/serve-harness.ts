/** Starts a real `libero serve` in this process (port 0) on a tiny project, with the draft generator. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDraftGenerator } from '../../src/main.js';
import type { Generator } from '../../src/pipeline/generate-project.js';
import type { AudioBackend } from '../../src/pipeline/list-audio-cues.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { loadOrCreateToken } from '../../src/server/auth-token.js';
import { startServer } from '../../src/server/start-server.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { connectEvents } from './socket-client.js';
import type { EventsClient } from './socket-client.js';
import { makeTinyProject } from './tiny-project.js';
import type { TinyCue, TinyShot } from './tiny-project.js';

/** A running service and what the tests need around it. */
export interface Harness {
  readonly server: RunningServer;
  readonly token: string;
  readonly dir: string;
  readonly timeline: string;
  readonly base: string;
  readonly logs: string[];
  /** fetch with the token (and the service's own Host). */
  api(path: string, init?: RequestInit): Promise<Response>;
  events(): Promise<EventsClient>;
  close(): Promise<void>;
}

/** Options for {@link startHarness}. */
export interface HarnessOptions {
  readonly shots: readonly TinyShot[];
  readonly env?: NodeJS.ProcessEnv;
  readonly concurrency?: number;
  /** The generator (default: the draft generator, one shot at a time). */
  readonly generator?: Generator;
  readonly autoRender?: boolean;
  /** Quiet time after a save (default 60 ms). */
  readonly debounceMs?: number;
  /** False: start before the editor's first export (the timeline file does not exist yet). */
  readonly writeTimeline?: boolean;
  /** Prefix of the project folder's name. */
  readonly dirPrefix?: string;
  /** Voice-over lines on an audio track of the cut. */
  readonly audio?: readonly TinyCue[];
  /** Fields of libero.json over the tiny project's (`paths`, ...). */
  readonly config?: Record<string, unknown>;
  /** The audio backend renders would use (the audio list's statuses); default: none (`unknown`). */
  readonly audioBackend?: AudioBackend | null;
  /** An existing project folder (a restart: `shots`, `audio` and `config` are not written). */
  readonly project?: { readonly dir: string; readonly timeline: string };
  /** Runs on the project folder after it is written, before the service starts. */
  readonly prepare?: (project: { dir: string; timeline: string }) => Promise<void>;
}

/** Starts the service on a fresh tiny project. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { dir, timeline } =
    options.project ??
    (await makeTinyProject(options.shots, options.dirPrefix, {
      ...(options.audio === undefined ? {} : { audio: options.audio }),
      ...(options.config === undefined ? {} : { config: options.config }),
    }));
  await options.prepare?.({ dir, timeline });
  if (options.writeTimeline === false) await rm(timeline);
  const configDir = await mkdtemp(join(tmpdir(), 'libero-config-'));
  const { token } = await loadOrCreateToken(configDir);
  const engine = createPipelineEngine({
    timelinePath: timeline,
    generator: options.generator ?? { ...createDraftGenerator(process.env), concurrency: 1 },
    now: () => new Date(),
    audioBackend: options.audioBackend ?? null,
  });
  const logs: string[] = [];
  const server = await startServer({
    timelinePath: timeline,
    host: '127.0.0.1',
    port: 0,
    autoRender: options.autoRender ?? false,
    engine,
    token,
    env: options.env ?? {},
    log: (line) => logs.push(line),
    debounceMs: options.debounceMs ?? 60,
    concurrency: options.concurrency ?? 1,
  });
  const base = `http://127.0.0.1:${server.port}`;
  const sockets: EventsClient[] = [];
  return {
    server,
    token,
    dir,
    timeline,
    base,
    logs,
    api: (path, init = {}) =>
      fetch(base + path, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...((init.headers as Record<string, string> | undefined) ?? {}),
        },
      }),
    events: async () => {
      const client = await connectEvents({ port: server.port, token });
      sockets.push(client);
      return client;
    },
    close: async () => {
      for (const s of sockets) s.close();
      await server.close();
      engine.close();
    },
  };
}
