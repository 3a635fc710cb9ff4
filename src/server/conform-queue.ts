/**
 * The service's writes of the conformed timeline, one after another (each waits for the one
 * before): a failure is reported, never thrown, and the next write still runs.
 */
import type { EngineProject, ProjectEngine } from './project-engine.js';

/** Options for {@link ConformQueue}. */
export interface ConformQueueOptions {
  readonly engine: ProjectEngine;
  /** The version to conform when a write starts (null: nothing loaded, or stopping). */
  readonly project: () => EngineProject | null;
  readonly written: (file: string) => void;
  readonly failed: (error: unknown) => void;
}

/** Serialised conform writes. */
export class ConformQueue {
  readonly #o: ConformQueueOptions;
  #tail: Promise<void> = Promise.resolve();

  constructor(options: ConformQueueOptions) {
    this.#o = options;
  }

  /** Settles when every write asked for so far has run. */
  get settled(): Promise<void> {
    return this.#tail;
  }

  /** Queues a write of the conformed timeline; settles when it ran. */
  conform(): Promise<void> {
    const next = this.#tail.then(async () => {
      const project = this.#o.project();
      if (project === null) return;
      try {
        this.#o.written(await this.#o.engine.conform({ project }));
      } catch (error) {
        this.#o.failed(error);
      }
    });
    this.#tail = next;
    return next;
  }
}
