/**
 * The composition root: builds the real backends and hands them to src/pipeline. The CLI and
 * the service get their Generator here; nothing else constructs a backend.
 */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  defaultProjectConfig,
  readProjectConfig,
  PROJECT_CONFIG_FILE,
  requireStudioCache,
  studioSettingsFrom,
} from './config/index.js';
import type { ProjectConfig } from './config/index.js';
import { DEFAULT_COMFY_TIMING, parseComfyHosts } from './generators/comfyui/comfyui-backend.js';
import type { ComfyTimingOptions } from './generators/comfyui/comfyui-backend.js';
import { checkComfyHost } from './generators/comfyui/check-comfy-host.js';
import type { ComfyHostReport } from './generators/comfyui/check-comfy-host.js';
import { ComfyClient } from './generators/comfyui/comfy-client.js';
import { BUILTIN_COMFY_TEMPLATES_DIR } from './generators/comfyui/comfy-template-fs.js';
import {
  DEFAULT_COMFY_TEMPLATES,
  loadComfyTemplateRegistrySync,
} from './generators/comfyui/comfy-template-registry.js';
import { createComfyGenerator } from './generators/comfyui/create-comfy-generator.js';
import { DraftBackend, findDraftFonts } from './generators/draft/draft-backend.js';
import { draftTemplateResolver } from './generators/draft/draft-templates.js';
import { createStudioBackend } from './generators/studio/studio-backend.js';
import { FolderStudioCache } from './generators/studio/studio-cache.js';
import type { StudioCache } from './generators/studio/studio-cache.js';
import { studioProjectId } from './generators/studio/studio-project-id.js';
import { createStudioStageBackend } from './generators/studio/studio-stage-backend.js';
import type { StudioStageBackend } from './generators/studio/studio-stage-backend.js';
import type { Generator } from './pipeline/generate-project.js';
import { LiberoError } from './shared/index.js';

/** Options for {@link createGenerator}. */
export interface CreateGeneratorOptions {
  readonly env: NodeJS.ProcessEnv;
  /** `--comfyui URL[,URL]` from the command line; null or absent: `LIBERO_COMFYUI_URL`. */
  readonly comfyui?: string | null;
  /**
   * The project's `libero.json` (`comfyui.hosts`, `.handles`, `.timeouts`); null or absent:
   * the defaults. Read it with {@link readGeneratorConfig}.
   */
  readonly config?: ProjectConfig | null;
  /** The project folder: its own `templates/comfyui` are searched first; null: none. */
  readonly projectDir?: string | null;
}

/** The draft generator: ffmpeg only, one shot per CPU core. */
export function createDraftGenerator(env: NodeJS.ProcessEnv): Generator {
  return {
    backend: new DraftBackend({ fonts: findDraftFonts(env), now: () => new Date() }),
    templates: draftTemplateResolver,
    concurrency: Math.max(1, Math.min(4, availableParallelism())),
    close: null,
    prioritize: null,
  };
}

/** Which ComfyUI hosts to use and where that came from: `--comfyui`, the env, libero.json. */
export function comfyHostsFrom(options: {
  env: NodeJS.ProcessEnv;
  comfyui: string | null;
  config: ProjectConfig | null;
}): { hosts: string[]; source: string } {
  if (options.comfyui !== null && options.comfyui.trim() !== '')
    return { hosts: parseComfyHosts(options.comfyui, '--comfyui'), source: '--comfyui' };
  const env = options.env['LIBERO_COMFYUI_URL'] ?? '';
  if (env.trim() !== '')
    return { hosts: parseComfyHosts(env, 'LIBERO_COMFYUI_URL'), source: 'LIBERO_COMFYUI_URL' };
  const listed = options.config?.comfyui.hosts ?? [];
  return {
    hosts: parseComfyHosts(listed.join(','), 'libero.json comfyui.hosts'),
    source: 'libero.json comfyui.hosts',
  };
}

/** libero.json `comfyui.timeouts` (seconds) as the pool's per-stage time limits. */
export function comfyTimingFrom(config: ProjectConfig | null): Partial<ComfyTimingOptions> {
  const { timeouts } = (config ?? defaultProjectConfig()).comfyui;
  return {
    stageTimeoutMsByStage: {
      still: timeouts.still * 1000,
      video: timeouts.video * 1000,
      upscale: timeouts.upscale * 1000,
    },
    stageTimeoutMs: Math.max(timeouts.still, timeouts.video, timeouts.upscale) * 1000,
    stallTimeoutMs: timeouts.stall * 1000,
  };
}

/** The `libero.json` beside a timeline (defaults when absent); throws CONFIG_INVALID. */
export async function readGeneratorConfig(timelinePath: string): Promise<ProjectConfig> {
  return readProjectConfig(join(dirname(resolve(timelinePath)), PROJECT_CONFIG_FILE));
}

/**
 * The generator for this environment: the ComfyUI pool when hosts are given (`--comfyui`, else
 * `LIBERO_COMFYUI_URL`, else libero.json `comfyui.hosts`), else the draft backend. `close()`
 * it when done.
 */
export function createGenerator(options: CreateGeneratorOptions): Generator {
  const config = options.config ?? null;
  const studio = studioSettingsFrom({ env: options.env, config });
  if (studio.redisUrl !== null)
    return createStudioGenerator({
      redisUrl: studio.redisUrl,
      cacheDir: requireStudioCache(studio),
      project: studioProjectId({
        dir: options.projectDir ?? process.cwd(),
        configured: studio.project,
      }),
      config,
      projectDir: options.projectDir ?? null,
    });
  const { hosts } = comfyHostsFrom({ env: options.env, comfyui: options.comfyui ?? null, config });
  if (hosts.length === 0) return createDraftGenerator(options.env);
  const projectDir = options.projectDir ?? null;
  const comfy = createComfyGenerator({
    hosts,
    templateDirs: projectDir === null ? [] : [join(projectDir, 'templates', 'comfyui')],
    extraTemplates: [],
    handles: (config ?? defaultProjectConfig()).comfyui.handles,
    timing: comfyTimingFrom(config),
    onEvent: null,
    modelPins: config?.comfyui.models ?? {},
  });
  return {
    backend: comfy.backend,
    templates: comfy.templates,
    // Every shot at once: the pool limits work per host and can only batch stage-major (one
    // load per model) across the shots it sees (bench chain, line (e)).
    concurrency: comfy.concurrency,
    close: () => comfy.pool.close(),
    prioritize: (shotIds) => comfy.pool.prioritize(shotIds),
  };
}

/**
 * Studio mode's generator: stages go to the studio's BullMQ queues (LIBERO_REDIS_URL) and come
 * back through the shared cache folder; `libero worker`s on the GPU hosts run them. The plan
 * uses the same ComfyUI templates as the pool (the project's own first); each job carries its
 * template and the project's model pins, so the workers run exactly what was planned.
 */
export function createStudioGenerator(options: {
  readonly redisUrl: string;
  readonly cacheDir: string;
  readonly project: string;
  readonly config: ProjectConfig | null;
  readonly projectDir: string | null;
}): Generator {
  const chosen = options.config?.templates ?? {};
  const registry = loadComfyTemplateRegistrySync({
    dirs: [
      ...(options.projectDir === null ? [] : [join(options.projectDir, 'templates', 'comfyui')]),
      BUILTIN_COMFY_TEMPLATES_DIR,
    ],
    extra: [chosen.still, chosen.video, chosen.upscale].filter((n) => n !== undefined),
  });
  const backend = createStudioBackend({
    redisUrl: options.redisUrl,
    project: options.project,
    templates: registry,
    modelPins: options.config?.comfyui.models ?? {},
    cache: new FolderStudioCache(options.cacheDir),
    attempts: 3,
    backoffMs: 2_000,
  });
  return {
    backend,
    templates: registry.resolver,
    // Every shot at once: the queues order the work (editor first, projects round-robin).
    concurrency: 1_000,
    close: () => void backend.close(),
    prioritize: (shotIds) => backend.prioritize(shotIds),
  };
}

/**
 * What `libero worker --comfyui URL` runs stages with: the ComfyUI pool over that one host,
 * making one attempt per job (BullMQ owns the attempts), and the shared cache folder.
 * `close()` it when done.
 */
export function createWorkerBackend(options: {
  readonly comfyui: string;
  readonly cacheDir: string;
}): { backend: StudioStageBackend; cache: StudioCache; close: () => void } {
  const hosts = parseComfyHosts(options.comfyui, '--comfyui');
  const host = hosts[0];
  if (hosts.length !== 1 || host === undefined)
    throw new LiberoError(
      'USAGE',
      `libero worker feeds one ComfyUI host; --comfyui "${options.comfyui}" names ${hosts.length}`,
    );
  const backend = createStudioStageBackend({
    host,
    // One stage at a time: nothing to batch, so no batch window; BullMQ owns the attempts.
    timing: {
      ...DEFAULT_COMFY_TIMING,
      ...comfyTimingFrom(null),
      maxAttempts: 1,
      noHostTimeoutMs: 60_000,
      batchWindowMs: 0,
    },
  });
  return {
    backend,
    cache: new FolderStudioCache(options.cacheDir),
    close: () => backend.close(),
  };
}

/** What `libero doctor` learns from the configured ComfyUI hosts (none: the draft backend). */
export interface GeneratorHostsReport {
  /** Where the host list came from (`--comfyui`, `LIBERO_COMFYUI_URL`, libero.json). */
  readonly source: string;
  readonly reports: readonly ComfyHostReport[];
}

/**
 * Asks every configured ComfyUI host for its version, GPUs and what each template the project
 * uses lacks (never throws for a host that does not answer: its report says why).
 */
export async function checkGeneratorHosts(
  options: Omit<CreateGeneratorOptions, 'env'> & {
    readonly env: NodeJS.ProcessEnv;
    readonly requestTimeoutMs: number;
  },
): Promise<GeneratorHostsReport> {
  const config = options.config ?? null;
  const { hosts, source } = comfyHostsFrom({
    env: options.env,
    comfyui: options.comfyui ?? null,
    config,
  });
  if (hosts.length === 0) return { source, reports: [] };
  const projectDir = options.projectDir ?? null;
  const chosen = config?.templates ?? {};
  const names = [
    ...new Set([chosen.still, chosen.video, chosen.upscale].filter((n) => n !== undefined)),
  ];
  const registry = loadComfyTemplateRegistrySync({
    dirs: [
      ...(projectDir === null ? [] : [join(projectDir, 'templates', 'comfyui')]),
      BUILTIN_COMFY_TEMPLATES_DIR,
    ],
    extra: names,
  });
  const templates = [
    chosen.still ?? DEFAULT_COMFY_TEMPLATES.still,
    chosen.video ?? DEFAULT_COMFY_TEMPLATES.video,
    chosen.upscale ?? DEFAULT_COMFY_TEMPLATES.upscale,
  ].map((name) => registry.get(name));
  const reports = await Promise.all(
    hosts.map((baseUrl) =>
      checkComfyHost({
        client: new ComfyClient({
          baseUrl,
          requestTimeoutMs: options.requestTimeoutMs,
          retries: 0,
          retryDelayMs: 0,
        }),
        templates,
        params: { loraName: config?.lora?.name ?? null },
        modelPins: config?.comfyui.models ?? {},
      }),
    ),
  );
  return { source, reports };
}

/**
 * {@link createGenerator} for a project's timeline: reads the `libero.json` beside it (its
 * `comfyui` hosts, handles, timeouts) and searches its `templates/comfyui` first.
 */
export async function createProjectGenerator(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly comfyui: string | null;
  readonly timelinePath: string;
}): Promise<Generator> {
  return createGenerator({
    env: options.env,
    comfyui: options.comfyui,
    config: await readGeneratorConfig(options.timelinePath),
    projectDir: dirname(resolve(options.timelinePath)),
  });
}
