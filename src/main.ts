/**
 * The composition root: builds the real backends and hands them to src/pipeline. The CLI and
 * the service get their Generator here; nothing else constructs a backend.
 */
import { availableParallelism } from 'node:os';
import { DraftBackend, findDraftFonts } from './generators/draft/draft-backend.js';
import { draftTemplateResolver } from './generators/draft/draft-templates.js';
import type { Generator } from './pipeline/generate-project.js';

/** Options for {@link createGenerator}. */
export interface CreateGeneratorOptions {
  readonly env: NodeJS.ProcessEnv;
}

/** The draft generator: ffmpeg only, one shot per CPU core. */
export function createDraftGenerator(env: NodeJS.ProcessEnv): Generator {
  return {
    backend: new DraftBackend({ fonts: findDraftFonts(env), now: () => new Date() }),
    templates: draftTemplateResolver,
    concurrency: Math.max(1, Math.min(4, availableParallelism())),
  };
}

/**
 * The generator for this environment. Today the draft backend; the ComfyUI pool
 * (src/generators/comfyui, LIBERO_COMFYUI_URL) is built here too once wired.
 */
export function createGenerator(options: CreateGeneratorOptions): Generator {
  return createDraftGenerator(options.env);
}
