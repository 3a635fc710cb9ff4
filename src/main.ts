/**
 * The composition root: builds the real backends and hands them to src/pipeline. The CLI and
 * the service get their Generator here; nothing else constructs a backend.
 */
import { availableParallelism } from 'node:os';
import {
  createComfyBackend,
  DEFAULT_COMFY_TIMING,
  parseComfyHosts,
} from './generators/comfyui/comfyui-backend.js';
import { BUILTIN_COMFY_TEMPLATES_DIR } from './generators/comfyui/comfy-template-fs.js';
import { loadComfyTemplateRegistrySync } from './generators/comfyui/comfy-template-registry.js';
import { DraftBackend, findDraftFonts } from './generators/draft/draft-backend.js';
import { draftTemplateResolver } from './generators/draft/draft-templates.js';
import type { Generator } from './pipeline/generate-project.js';

/** Options for {@link createGenerator}. */
export interface CreateGeneratorOptions {
  readonly env: NodeJS.ProcessEnv;
  /** `--comfyui URL[,URL]` from the command line; null or absent: `LIBERO_COMFYUI_URL`. */
  readonly comfyui?: string | null;
}

/** The draft generator: ffmpeg only, one shot per CPU core. */
export function createDraftGenerator(env: NodeJS.ProcessEnv): Generator {
  return {
    backend: new DraftBackend({ fonts: findDraftFonts(env), now: () => new Date() }),
    templates: draftTemplateResolver,
    concurrency: Math.max(1, Math.min(4, availableParallelism())),
    close: null,
  };
}

/** Frames kept each side of a clip's used range when upscaling on a GPU (ComfyUI issue). */
const UPSCALE_HANDLES = 12;

/**
 * The generator for this environment: the ComfyUI pool when hosts are given (`--comfyui` or
 * `LIBERO_COMFYUI_URL`), else the draft backend. `close()` it when done.
 */
export function createGenerator(options: CreateGeneratorOptions): Generator {
  const flag = options.comfyui ?? null;
  const source = flag !== null ? '--comfyui' : 'LIBERO_COMFYUI_URL';
  const value = flag ?? options.env['LIBERO_COMFYUI_URL'] ?? '';
  if (value.trim() === '') return createDraftGenerator(options.env);
  const hosts = parseComfyHosts(value, source);
  const registry = loadComfyTemplateRegistrySync({
    dirs: [BUILTIN_COMFY_TEMPLATES_DIR],
    extra: [],
  });
  const pool = createComfyBackend({
    hosts,
    templates: registry,
    timing: DEFAULT_COMFY_TIMING,
    handles: UPSCALE_HANDLES,
    onEvent: null,
  });
  return {
    backend: pool,
    templates: registry.resolver,
    // Enough shots in flight that every host always has a stage waiting.
    concurrency: Math.max(2, hosts.length * 2),
    close: () => pool.close(),
  };
}
