/**
 * The WebSocket event hub behind `/api/events`: broadcasts typed events to every socket, and
 * gives a client that connects late the current state first (as events of the same types),
 * before anything newer. Secrets are removed from every message.
 */
import type { WebSocket } from 'ws';
import type { ServerEvent } from './api-contract.js';

/** Options for {@link EventHub}. */
export interface EventHubOptions {
  /** The current state as events (timeline.loaded with every shot, running progress, ...). */
  readonly currentState: () => readonly ServerEvent[];
  readonly redact: (text: string) => string;
}

/** Broadcasts events to sockets and in-process listeners. */
export class EventHub {
  readonly #sockets = new Set<WebSocket>();
  readonly #listeners = new Set<(event: ServerEvent) => void>();
  readonly #options: EventHubOptions;

  constructor(options: EventHubOptions) {
    this.#options = options;
  }

  /** Sends one event to everyone. */
  publish(event: ServerEvent): void {
    const text = this.#options.redact(JSON.stringify(event));
    for (const socket of this.#sockets) if (socket.readyState === socket.OPEN) socket.send(text);
    for (const listener of this.#listeners) listener(event);
  }

  /** Adds a socket: it receives the current state at once, then every new event. */
  attach(socket: WebSocket): void {
    for (const event of this.#options.currentState())
      socket.send(this.#options.redact(JSON.stringify(event)));
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => this.#sockets.delete(socket));
  }

  /** In-process subscription (the CLI's progress, tests); returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes every socket (service shutdown). */
  closeAll(): void {
    for (const socket of this.#sockets) socket.close(1001, 'libero serve is stopping');
    this.#sockets.clear();
  }
}
