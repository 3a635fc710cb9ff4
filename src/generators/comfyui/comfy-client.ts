/**
 * The one doorway to a ComfyUI host (STYLE rule 2): HTTP with retries and timeouts, and the
 * `/ws` socket. Every answer is checked with the zod schemas of `comfy-protocol.ts`.
 * Routes are tried under `/api` first, then bare (older servers), as ComfyUI serves both.
 */
import WebSocket from 'ws';
import type { z } from 'zod';
import { LiberoError } from '../../shared/index.js';
import type { ApiWorkflow } from './api-workflow.js';
import {
  historyResponseSchema,
  rawObjectInfoSchema,
  promptErrorResponseSchema,
  queuePromptResponseSchema,
  queueResponseSchema,
  systemStatsSchema,
  uploadResponseSchema,
  parseWsMessage,
} from './comfy-protocol.js';
import type { RawObjectInfo, WsMessage } from './comfy-protocol.js';
import { comfyFeatures } from './comfy-server-version.js';
import type { ComfyFeature } from './comfy-server-version.js';
import { describePromptError } from './describe-prompt-error.js';

/** Options for {@link ComfyClient}. */
export interface ComfyClientOptions {
  /** `http://gpu1:8188` */
  readonly baseUrl: string;
  /** Per HTTP request. */
  readonly requestTimeoutMs: number;
  /** Extra tries for idempotent requests on network errors and 5xx. */
  readonly retries: number;
  /** First back-off between tries (doubles each time). */
  readonly retryDelayMs: number;
}

/** A file on the host, as `/history` and `/upload/image` name it. */
export interface HostFile {
  readonly filename: string;
  readonly subfolder: string;
  readonly type: string;
}

/** An open `/ws` socket. */
export interface ComfySocket {
  close(): void;
}

/** Options for {@link ComfyClient.listen}. */
export interface ListenOptions {
  readonly clientId: string;
  readonly onMessage: (message: WsMessage) => void;
  readonly onClose: (reason: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** HTTP + WebSocket client of one ComfyUI host. */
export class ComfyClient {
  readonly host: string;
  private readonly options: ComfyClientOptions;
  private prefix: '/api' | '' | null = null;
  /** `comfyui_version`, once asked ('' when the server does not say). */
  private version: string | null = null;

  constructor(options: ComfyClientOptions) {
    this.options = options;
    this.host = options.baseUrl.replace(/\/+$/, '');
  }

  private unreachable(path: string, why: string, cause?: unknown): LiberoError {
    return new LiberoError(
      'COMFY_UNREACHABLE',
      `ComfyUI host ${this.host}: ${path} failed: ${why}.`,
      {
        details: { host: this.host, endpoint: path },
        cause,
      },
    );
  }

  private badResponse(path: string, error: z.ZodError | string): LiberoError {
    const why = typeof error === 'string' ? error : (error.issues[0]?.message ?? 'invalid');
    return new LiberoError(
      'COMFY_BAD_RESPONSE',
      `ComfyUI host ${this.host}: unexpected answer from ${path}: ${why}.`,
      { details: { host: this.host, endpoint: path } },
    );
  }

  /** One HTTP exchange, with the `/api` fallback; retries network errors and 5xx when `idempotent`. */
  private async request(
    path: string,
    init: {
      method: 'GET' | 'POST';
      body?: string | FormData;
      idempotent: boolean;
      signal: AbortSignal | null;
    },
  ): Promise<Response> {
    const tries = init.idempotent ? this.options.retries + 1 : 1;
    let lastError: LiberoError | null = null;
    for (let attempt = 0; attempt < tries; attempt++) {
      if (attempt > 0) await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
      if (init.signal?.aborted === true) {
        throw new LiberoError('ABORTED', `ComfyUI request ${path} to ${this.host} was cancelled.`, {
          cause: init.signal.reason,
        });
      }
      const prefixes: Array<'/api' | ''> = this.prefix === null ? ['/api', ''] : [this.prefix];
      try {
        for (const prefix of prefixes) {
          const signals = [AbortSignal.timeout(this.options.requestTimeoutMs)];
          if (init.signal !== null) signals.push(init.signal);
          const headers: Record<string, string> =
            typeof init.body === 'string' ? { 'content-type': 'application/json' } : {};
          const response = await fetch(`${this.host}${prefix}${path}`, {
            method: init.method,
            headers,
            ...(init.body === undefined ? {} : { body: init.body }),
            signal: AbortSignal.any(signals),
          });
          if (response.status === 404 && this.prefix === null && prefix === '/api') continue;
          if (this.prefix === null && response.status !== 404) this.prefix = prefix;
          if (response.status >= 500) {
            lastError = this.unreachable(path, `HTTP ${response.status} ${await response.text()}`);
            break;
          }
          return response;
        }
      } catch (cause) {
        if (init.signal !== null && init.signal.aborted) {
          throw new LiberoError(
            'ABORTED',
            `ComfyUI request ${path} to ${this.host} was cancelled.`,
            { cause },
          );
        }
        lastError = this.unreachable(
          path,
          cause instanceof Error ? cause.message : String(cause),
          cause,
        );
      }
    }
    throw lastError ?? this.unreachable(path, 'no answer');
  }

  private async json<T>(
    path: string,
    schema: z.ZodType<T>,
    signal: AbortSignal | null,
  ): Promise<T> {
    const response = await this.request(path, { method: 'GET', idempotent: true, signal });
    if (!response.ok) throw this.unreachable(path, `HTTP ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw this.badResponse(path, parsed.error);
    return parsed.data;
  }

  /** `GET /system_stats`: version and devices; also a liveness check. */
  systemStats(signal: AbortSignal | null = null): Promise<z.infer<typeof systemStatsSchema>> {
    return this.json('/system_stats', systemStatsSchema, signal);
  }

  /**
   * `GET /object_info`, unchecked per class: read the classes a template uses with
   * `parseObjectInfo` (one malformed third-party node must not break the host).
   */
  objectInfo(signal: AbortSignal | null = null): Promise<RawObjectInfo> {
    return this.json('/object_info', rawObjectInfoSchema, signal);
  }

  /** `POST /upload/image` (any file: images and videos go to the input folder). */
  async upload(options: {
    name: string;
    bytes: Uint8Array;
    signal: AbortSignal | null;
  }): Promise<HostFile> {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(options.bytes)]), options.name);
    form.append('type', 'input');
    form.append('subfolder', 'libero');
    form.append('overwrite', 'true');
    const response = await this.request('/upload/image', {
      method: 'POST',
      body: form,
      idempotent: true, // overwrite=true makes a repeat harmless
      signal: options.signal,
    });
    if (!response.ok)
      throw this.unreachable('/upload/image', `HTTP ${response.status} ${await response.text()}`);
    const parsed = uploadResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw this.badResponse('/upload/image', parsed.error);
    return { filename: parsed.data.name, subfolder: parsed.data.subfolder, type: parsed.data.type };
  }

  /**
   * `POST /prompt` with our client id and our prompt id; returns the id the server uses
   * (servers before 0.3.45 ignore ours and make their own). A 400 becomes COMFY_PROMPT_REJECTED
   * (or COMFY_MISSING_NODES for `missing_node_type`) with the host's node errors; never retried.
   */
  async queuePrompt(options: {
    workflow: ApiWorkflow;
    promptId: string;
    clientId: string;
    template: string;
    signal: AbortSignal | null;
  }): Promise<{ promptId: string; number: number }> {
    const body = JSON.stringify({
      prompt: options.workflow,
      client_id: options.clientId,
      prompt_id: options.promptId,
      extra_data: {},
    });
    const response = await this.request('/prompt', {
      method: 'POST',
      body,
      idempotent: false,
      signal: options.signal,
    });
    const json = (await response.json().catch(() => undefined)) as unknown;
    if (response.status === 400) {
      const parsed = promptErrorResponseSchema.safeParse(json);
      if (!parsed.success) throw this.badResponse('/prompt', parsed.error);
      throw describePromptError({
        host: this.host,
        template: options.template,
        error: parsed.data,
      });
    }
    if (!response.ok) throw this.unreachable('/prompt', `HTTP ${response.status}`);
    const parsed = queuePromptResponseSchema.safeParse(json);
    if (!parsed.success) throw this.badResponse('/prompt', parsed.error);
    return { promptId: parsed.data.prompt_id, number: parsed.data.number };
  }

  /** `GET /history/{id}`: the entry, or null while the prompt has not finished. */
  async history(promptId: string, signal: AbortSignal | null = null) {
    const all = await this.json(
      `/history/${encodeURIComponent(promptId)}`,
      historyResponseSchema,
      signal,
    );
    return all[promptId] ?? null;
  }

  /** `GET /queue`: prompt ids running and pending. */
  async queue(
    signal: AbortSignal | null = null,
  ): Promise<{ running: string[]; pending: string[] }> {
    const q = await this.json('/queue', queueResponseSchema, signal);
    return {
      running: q.queue_running.map((item) => String(item[1])),
      pending: q.queue_pending.map((item) => String(item[1])),
    };
  }

  private async post(path: string, body: unknown): Promise<void> {
    const response = await this.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      idempotent: true,
      signal: null,
    });
    if (!response.ok) throw this.unreachable(path, `HTTP ${response.status}`);
  }

  /** What the server can do, from its version (asked once; unknown = treated as old). */
  async features(
    signal: AbortSignal | null = null,
  ): Promise<Readonly<Record<ComfyFeature, boolean>>> {
    this.version ??= (await this.systemStats(signal)).system.comfyui_version ?? '';
    return comfyFeatures(this.version === '' ? null : this.version);
  }

  /**
   * Stops our prompt and only ours: interrupts it when `/queue` shows it running, deletes it
   * when pending, does nothing otherwise. A bare `POST /interrupt` would stop whatever runs,
   * even an artist's own prompt (Acly/krita-ai-diffusion#1137): before ComfyUI 0.3.56 the
   * server ignores the prompt id in the body, so there we interrupt only when nothing else is
   * queued (ours cannot finish and hand the GPU to another prompt in between); otherwise ours
   * is left to finish and its result discarded (`left-running`). Returns what it did.
   */
  async cancel(
    promptId: string,
  ): Promise<'interrupted' | 'deleted' | 'not-queued' | 'left-running'> {
    const q = await this.queue();
    if (q.running.includes(promptId)) {
      const { targetedInterrupt } = await this.features();
      if (!targetedInterrupt && q.pending.some((id) => id !== promptId)) return 'left-running';
      await this.post('/interrupt', { prompt_id: promptId });
      return 'interrupted';
    }
    if (q.pending.includes(promptId)) {
      await this.post('/queue', { delete: [promptId] });
      return 'deleted';
    }
    return 'not-queued';
  }

  /** `GET /view`: a file's bytes. */
  async view(file: HostFile, signal: AbortSignal | null = null): Promise<Buffer> {
    const query = new URLSearchParams({
      filename: file.filename,
      subfolder: file.subfolder,
      type: file.type,
    });
    const path = `/view?${query.toString()}`;
    const response = await this.request(path, { method: 'GET', idempotent: true, signal });
    if (response.status === 404) {
      throw new LiberoError(
        'COMFY_OUTPUT_MISSING',
        `ComfyUI host ${this.host} has no file ${file.subfolder}/${file.filename} (${file.type}).`,
        { details: { host: this.host, file } },
      );
    }
    if (!response.ok) throw this.unreachable(path, `HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Opens `/ws?clientId=...`; resolves once open. Binary frames (previews) are ignored. */
  listen(options: ListenOptions): Promise<ComfySocket> {
    const url = `${this.host.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(options.clientId)}`;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: this.options.requestTimeoutMs });
      let open = false;
      socket.on('open', () => {
        open = true;
        resolve({ close: () => socket.terminate() });
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        const message = parseWsMessage(data.toString());
        if (message !== null && message !== 'invalid') options.onMessage(message);
      });
      socket.on('error', (error) => {
        if (!open) reject(this.unreachable('/ws', error.message, error));
      });
      socket.on('close', (code) => {
        if (open) options.onClose(`socket closed (${code})`);
      });
    });
  }
}
