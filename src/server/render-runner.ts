/**
 * Runs one render at a time through the engine and keeps the latest render's state; progress,
 * completion and failure become `render.*` events.
 */
import { LiberoError } from '../shared/index.js';
import type { RenderState, ServerEvent } from './api-contract.js';
import { toApiError } from './error-response.js';
import type { EngineProject, ProjectEngine } from './project-engine.js';
import { servedUrlFor } from './served-file.js';

/** Options for {@link RenderRunner}. */
export interface RenderRunnerOptions {
  readonly engine: ProjectEngine;
  readonly publish: (event: ServerEvent) => void;
  readonly at: () => string;
  readonly redact: (text: string) => string;
  /** Awaited before rendering (the conformed timeline being written). */
  readonly before: () => Promise<void>;
  /** Called when a render ends, however it ends. */
  readonly settled: () => void;
}

/** The service's renders. */
export class RenderRunner {
  readonly #o: RenderRunnerOptions;
  #state: RenderState | null = null;
  #file: string | null = null;
  #controller: AbortController | null = null;
  #seq = 0;

  constructor(options: RenderRunnerOptions) {
    this.#o = options;
  }

  /** The latest render, or null. */
  get state(): RenderState | null {
    return this.#state;
  }

  /** The latest finished master, or null. */
  get file(): string | null {
    return this.#file;
  }

  get running(): boolean {
    return this.#state?.status === 'running';
  }

  /** Cancels a running render. */
  abort(message: string): void {
    this.#controller?.abort(new LiberoError('ABORTED', message));
  }

  /** Starts a render of `project`; resolves at once with its running state. */
  start(project: EngineProject): RenderState {
    this.#seq += 1;
    const id = `render-${this.#seq}`;
    const { publish, at } = this.#o;
    let state: RenderState = {
      id,
      status: 'running',
      percent: 0,
      fileUrl: null,
      error: null,
      startedAt: at(),
    };
    this.#state = state;
    const controller = new AbortController();
    this.#controller = controller;
    publish({ type: 'render.progress', at: at(), renderId: id, percent: 0 });
    const update = (next: RenderState): void => {
      state = next;
      if (this.#state?.id === id) this.#state = next;
    };
    void (async () => {
      try {
        await this.#o.before();
        const file = await this.#o.engine.render({
          project,
          signal: controller.signal,
          onProgress: (fraction) => {
            const percent = Math.max(0, Math.min(100, Math.floor(fraction * 100)));
            if (percent === state.percent) return;
            update({ ...state, percent });
            publish({ type: 'render.progress', at: at(), renderId: id, percent });
          },
        });
        this.#file = file;
        const fileUrl = servedUrlFor({ file, engine: this.#o.engine }) ?? '';
        update({ ...state, status: 'done', percent: 100, fileUrl });
        publish({ type: 'render.done', at: at(), renderId: id, fileUrl });
      } catch (error) {
        const apiError = toApiError(error, this.#o.redact);
        update({ ...state, status: 'failed', error: apiError });
        publish({ type: 'render.failed', at: at(), renderId: id, error: apiError });
      } finally {
        if (this.#controller === controller) this.#controller = null;
        this.#o.settled();
      }
    })();
    return state;
  }
}
