/** A test client of `/api/events` that records every message and waits for the ones asked for. */
import WebSocket from 'ws';
import { ServerEventSchema } from '../../src/server/api-contract.js';
import type { ServerEvent } from '../../src/server/api-contract.js';

/** A connected events socket. */
export interface EventsClient {
  readonly events: ServerEvent[];
  /** Resolves with the first event (already received or future) that matches. */
  waitFor(match: (event: ServerEvent) => boolean, timeoutMs?: number): Promise<ServerEvent>;
  close(): void;
}

/** Connects with the token; rejects with the HTTP status when the upgrade is refused. */
export function connectEvents(options: {
  port: number;
  token: string | null;
  headers?: Record<string, string>;
}): Promise<EventsClient> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== null) headers['Authorization'] = `Bearer ${options.token}`;
  const socket = new WebSocket(`ws://127.0.0.1:${options.port}/api/events`, { headers });
  const events: ServerEvent[] = [];
  const waiters: { match: (e: ServerEvent) => boolean; resolve: (e: ServerEvent) => void }[] = [];
  socket.on('message', (data) => {
    // Every message must match the contract; a drift fails the test here.
    const event = ServerEventSchema.parse(JSON.parse(String(data)));
    events.push(event);
    for (const waiter of [...waiters])
      if (waiter.match(event)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
  });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`refused with ${res.statusCode}`)),
    );
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        events,
        waitFor: (match, timeoutMs = 20_000) => {
          const seen = events.find(match);
          if (seen !== undefined) return Promise.resolve(seen);
          return new Promise((res, rej) => {
            const timer = setTimeout(
              () =>
                rej(
                  new Error(
                    `no matching event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`,
                  ),
                ),
              timeoutMs,
            );
            waiters.push({
              match,
              resolve: (e) => {
                clearTimeout(timer);
                res(e);
              },
            });
          });
        },
        close: () => socket.close(),
      }),
    );
  });
}
