/**
 * The ComfyUI GeneratorBackend: a {@link HostPool} whose hosts are ComfyUI servers, each
 * reached through its one {@link ComfyClient}, running stages with {@link runStageOnHost}.
 */
import { ValidationError } from '../../shared/index.js';
import type { StageKind } from '../generator-backend.js';
import { HostPool } from '../scheduler/host-pool.js';
import type { PoolEvent } from '../scheduler/host-pool.js';
import { ComfyClient } from './comfy-client.js';
import type { ComfyTemplateRegistry } from './comfy-template-registry.js';
import { runStageOnHost } from './run-stage-on-host.js';
import type { ComfyHost } from './run-stage-on-host.js';
import type { PromptTiming } from './run-prompt.js';

/** Time limits and retry counts of a ComfyUI pool. */
export interface ComfyTimingOptions extends PromptTiming {
  /**
   * Per-stage limits (libero.json `comfyui.timeouts`), over `stageTimeoutMs` for the stages
   * named; an upscale's batches share one limit (they are queued together).
   */
  readonly stageTimeoutMsByStage: Readonly<Partial<Record<StageKind, number>>>;
  readonly requestTimeoutMs: number;
  readonly httpRetries: number;
  readonly retryDelayMs: number;
  readonly recheckMs: number;
  readonly noHostTimeoutMs: number;
  readonly maxAttempts: number;
  /** See HostPoolOptions.batchWindowMs. */
  readonly batchWindowMs: number;
  /** See HostPoolOptions.slotsPerHost. */
  readonly slotsPerHost: number;
  /** See HostPoolOptions.lacksRecheckMs. */
  readonly lacksRecheckMs: number;
}

/** Defaults for real GPU hosts: a stage may take an hour (a long 4x upscale batch on 24 GB). */
export const DEFAULT_COMFY_TIMING: ComfyTimingOptions = {
  stageTimeoutMs: 3 * 60 * 60_000,
  stageTimeoutMsByStage: {},
  stallTimeoutMs: 10 * 60_000,
  pollMs: 2_000,
  reconnectMs: 60_000,
  historyWaitMs: 10_000,
  requestTimeoutMs: 30_000,
  httpRetries: 3,
  retryDelayMs: 500,
  recheckMs: 10_000,
  noHostTimeoutMs: 10 * 60_000,
  maxAttempts: 3,
  batchWindowMs: 200,
  slotsPerHost: 2,
  lacksRecheckMs: 60_000,
};

/** Options for {@link createComfyBackend}. */
export interface CreateComfyBackendOptions {
  readonly hosts: readonly string[];
  readonly templates: ComfyTemplateRegistry;
  readonly timing: ComfyTimingOptions;
  /** Frames kept each side of the cut's range when upscaling. */
  readonly handles: number;
  readonly onEvent: ((event: PoolEvent) => void) | null;
  /** libero.json `comfyui.models`: stem -> the file to use; absent: none. */
  readonly modelPins?: Readonly<Record<string, string>>;
}

/** Reads `LIBERO_COMFYUI_URL` (or `--comfyui`): comma-separated http(s) URLs. */
export function parseComfyHosts(value: string, source: string): string[] {
  const hosts = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.replace(/\/+$/, ''));
  for (const host of hosts) {
    let url: URL | null = null;
    try {
      url = new URL(host);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new ValidationError(
        'CONFIG_INVALID',
        `${source}: "${host}" is not an http(s) URL of a ComfyUI host (e.g. http://gpu1:8188).`,
        {
          details: { field: source, value: host },
        },
      );
    }
  }
  return [...new Set(hosts)];
}

/** Builds the pool. `close()` it when done. */
export function createComfyBackend(options: CreateComfyBackendOptions): HostPool {
  const { timing, templates } = options;
  const hosts = new Map<string, ComfyHost>(
    options.hosts.map((url) => [
      url,
      {
        client: new ComfyClient({
          baseUrl: url,
          requestTimeoutMs: timing.requestTimeoutMs,
          retries: timing.httpRetries,
          retryDelayMs: timing.retryDelayMs,
        }),
        objectInfo: null,
      },
    ]),
  );
  const hostOf = (url: string): ComfyHost => hosts.get(url) as ComfyHost;
  return new HostPool({
    hosts: options.hosts,
    runOnHost: (url, request, runOptions) =>
      runStageOnHost({
        ...runOptions,
        host: hostOf(url),
        template: templates.get(request.template),
        request,
        timing: {
          ...timing,
          stageTimeoutMs: timing.stageTimeoutMsByStage[request.stage] ?? timing.stageTimeoutMs,
        },
        handles: options.handles,
        modelPins: options.modelPins ?? {},
      }),
    modelSetOf: (request) => templates.get(request.template).manifest.modelSet,
    weightOf: (request) => {
      const frames = request.params['trimFrames'] ?? request.params['frames'];
      return typeof frames === 'number' ? frames : 0;
    },
    ping: async (url) => {
      await hostOf(url).client.systemStats();
      return true;
    },
    onHostBack: (url) => {
      hostOf(url).objectInfo = null;
    },
    onEvent: options.onEvent,
    maxAttempts: timing.maxAttempts,
    recheckMs: timing.recheckMs,
    noHostTimeoutMs: timing.noHostTimeoutMs,
    batchWindowMs: timing.batchWindowMs,
    slotsPerHost: timing.slotsPerHost,
    lacksRecheckMs: timing.lacksRecheckMs,
  });
}
