/**
 * The generator port the use-cases are handed: a backend (or a scheduler behind the same port)
 * and its templates. In its own file so that `generate-project.ts` and the QC step it calls
 * (`qc-generate.ts`) both import it without importing each other.
 */
import type { GeneratorBackend } from '../generators/generator-backend.js';
import type { TemplateResolver } from '../generators/stage-template.js';

/** How shots are generated: a backend (or a scheduler behind the same port) and its templates. */
export interface Generator {
  readonly backend: GeneratorBackend;
  readonly templates: TemplateResolver;
  /** Shots worked on at once. */
  readonly concurrency: number;
  /** Releases the backend (a pool's timers and sockets); null when there is nothing to release. */
  readonly close: (() => void) | null;
  /**
   * Puts these shots' stages before any other work the backend holds (the ComfyUI pool's
   * `prioritize`): called when a generate names its shots (the service's regenerate, a newly
   * dropped shot). Null when the backend has no queue to reorder.
   */
  readonly prioritize: ((shotIds: readonly string[]) => void) | null;
}
