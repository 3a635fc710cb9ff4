/**
 * The step `libero render` runs first: generate what the shots are missing and the stored
 * requests (regen markers) as `libero generate` does (generate-with-requests.ts), write the
 * conformed timeline, and hand it to the render in place of the editor's.
 */
import { readFile } from 'node:fs/promises';
import type { GenerateResult, Generator } from './generate-project.js';
import { generateWithRequests } from './generate-with-requests.js';
import type { PipelineEvent } from './pipeline-event.js';
import { parseTimeline } from './project.js';
import type { BeforeRenderStep } from './render-project.js';

/** Options for {@link generateBeforeRender}. */
export interface GenerateBeforeRenderOptions {
  readonly generator: Generator;
  readonly onEvent: ((event: PipelineEvent) => void) | null;
  /** Called with the generation's result (for the command's summary). */
  readonly onResult: ((result: GenerateResult) => void) | null;
  readonly now: () => Date;
}

/** A BeforeRenderStep that generates missing shots and returns the conformed timeline. */
export function generateBeforeRender(options: GenerateBeforeRenderOptions): BeforeRenderStep {
  return async ({ project, signal }) => {
    const result = await generateWithRequests({
      project,
      generator: options.generator,
      shotIds: null,
      state: null,
      signal,
      onEvent: options.onEvent,
      now: options.now,
    });
    options.onResult?.(result);
    return parseTimeline(await readFile(result.conformedFile, 'utf8'), result.conformedFile);
  };
}
