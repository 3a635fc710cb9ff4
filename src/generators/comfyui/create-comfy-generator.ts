/**
 * Everything the pipeline needs to generate through ComfyUI, in the shape of
 * `src/pipeline`'s `Generator`: the pool (a GeneratorBackend), the template resolver for the
 * plan, and the number of shots to hand the pool at once (all of them: the pool orders the
 * work stage-major and by loaded model, which it can only do when it sees the whole batch).
 */
import type { GeneratorBackend } from '../generator-backend.js';
import { DEFAULT_UPSCALE_HANDLES } from '../upscale-window.js';
import type { TemplateResolver } from '../stage-template.js';
import type { HostPool, PoolEvent } from '../scheduler/host-pool.js';
import { BUILTIN_COMFY_TEMPLATES_DIR } from './comfy-template-fs.js';
import { loadComfyTemplateRegistrySync } from './comfy-template-registry.js';
import { createComfyBackend, DEFAULT_COMFY_TIMING } from './comfyui-backend.js';
import type { ComfyTimingOptions } from './comfyui-backend.js';

/** Options for {@link createComfyGenerator}. */
export interface CreateComfyGeneratorOptions {
  /** ComfyUI base URLs (`parseComfyHosts` reads `LIBERO_COMFYUI_URL` / `--comfyui`). */
  readonly hosts: readonly string[];
  /** A project's own template folders, searched before the built-in one. */
  readonly templateDirs: readonly string[];
  /** Template names beyond the defaults (libero.json `templates`). */
  readonly extraTemplates: readonly string[];
  /** Frames kept each side of the cut's range when upscaling (default 12). */
  readonly handles: number | null;
  readonly timing: Partial<ComfyTimingOptions> | null;
  readonly onEvent: ((event: PoolEvent) => void) | null;
  /** libero.json `comfyui.models`: stem -> the file to use on every host; absent: none. */
  readonly modelPins?: Readonly<Record<string, string>>;
}

/** A ComfyUI generator: structurally the pipeline's `Generator`, plus the pool itself. */
export interface ComfyGenerator {
  readonly backend: GeneratorBackend;
  readonly templates: TemplateResolver;
  readonly concurrency: number;
  /** The pool, for `prioritize(shotIds)`, `hostStates()` and `close()`. */
  readonly pool: HostPool;
}

/** Builds the ComfyUI generator (loads templates synchronously; throws COMFY_TEMPLATE_INVALID). */
export function createComfyGenerator(options: CreateComfyGeneratorOptions): ComfyGenerator {
  const registry = loadComfyTemplateRegistrySync({
    dirs: [...options.templateDirs, BUILTIN_COMFY_TEMPLATES_DIR],
    extra: options.extraTemplates,
  });
  const pool = createComfyBackend({
    hosts: options.hosts,
    templates: registry,
    timing: { ...DEFAULT_COMFY_TIMING, ...options.timing },
    handles: options.handles ?? DEFAULT_UPSCALE_HANDLES,
    onEvent: options.onEvent,
    modelPins: options.modelPins ?? {},
  });
  return { backend: pool, templates: registry.resolver, concurrency: 1_000, pool };
}
