/**
 * Starts `libero serve`: the HTTP server with the app, the `/api/events` socket, the watcher
 * that feeds the project service. Resolves once it listens and the first version is read.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { LiberoError } from '../shared/index.js';
import { createApp } from './create-app.js';
import { httpStatusFor, toApiError } from './error-response.js';
import type { ProjectEngine } from './project-engine.js';
import { ProjectService } from './project-service.js';
import { makeRedactor, secretsFromEnv } from './redact-secrets.js';
import { allowedHostsFor, checkOrigin, checkToken } from './request-guard.js';
import type { GuardOptions } from './request-guard.js';
import { configPathFor, conformedPathFor, watchTimeline } from './timeline-watcher.js';
import type { TimelineWatcher } from './timeline-watcher.js';

/** Options for {@link startServer}. */
export interface StartServerOptions {
  readonly timelinePath: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly autoRender: boolean;
  readonly engine: ProjectEngine;
  readonly token: string;
  /** Values whose names look secret are never logged or sent (API keys). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Quiet time after a save before the file is read (ms). */
  readonly debounceMs: number;
  readonly concurrency: number;
}

/** A running service. */
export interface RunningServer {
  /** `http://host:port` (without the token). */
  readonly url: string;
  readonly port: number;
  readonly service: ProjectService;
  /** Where the conformed timeline is written. */
  readonly conformedPath: string;
  close(): Promise<void>;
}

/** Starts the service. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const redact = makeRedactor([options.token, ...secretsFromEnv(options.env)]);
  const log = (line: string): void => options.log(redact(line));
  const service = new ProjectService({
    engine: options.engine,
    timelinePath: options.timelinePath,
    autoRender: options.autoRender,
    concurrency: options.concurrency,
    now: () => new Date(),
    redact,
    log,
    // A writer pausing longer than this between chunks is not saving any more.
    truncatedGraceMs: Math.max(1000, options.debounceMs * 5),
  });

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler === null) {
      res.statusCode = 503;
      res.end();
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LiberoError(
          'SERVER_LISTEN_FAILED',
          `libero serve cannot listen on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (another libero serve? pick one with --port)' : error.message}`,
          { details: { host: options.host, port: options.port }, cause: error },
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const guard: GuardOptions = {
    token: options.token,
    port,
    allowedHosts: allowedHostsFor({ host: options.host, port }),
  };
  const startedAt = Date.now();
  handler = createApp({
    service,
    engine: options.engine,
    guard,
    redact,
    log,
    startedAt,
    now: () => Date.now(),
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const refused =
      path !== '/api/events'
        ? new LiberoError('API_NOT_FOUND', `no socket at ${path}; the events socket is /api/events`)
        : (checkOrigin(req.headers, guard) ?? checkToken(req.headers, guard));
    if (refused !== null) {
      const body = JSON.stringify({ error: toApiError(refused, redact) });
      const status = httpStatusFor(refused.code);
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      log(`socket ${path} refused: ${refused.code}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Clients only listen; anything they send is ignored.
      ws.on('message', () => undefined);
      service.hub.attach(ws);
    });
  });

  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  let watcher: TimelineWatcher;
  try {
    watcher = await watchTimeline({
      timelinePath: options.timelinePath,
      configPath: configPathFor(options.timelinePath),
      debounceMs: options.debounceMs,
      onVersion: (version) => service.acceptVersion(version),
      onError: (error) => service.reportWatchError(error),
    });
  } catch (error) {
    server.close();
    throw error;
  }
  log(`libero serve listening on ${url}, watching ${options.timelinePath}`);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    service,
    conformedPath: conformedPathFor(options.timelinePath),
    close: () => {
      closing ??= (async () => {
        await watcher.close();
        await service.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
