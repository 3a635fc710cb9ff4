/**
 * What a `libero worker` runs a job's stage with: the ComfyUI backend over its one host, with
 * the template and the model pins the job carries (the project's own template when it has one,
 * checked against the version the service planned with), never a copy of its own. Pools are
 * made per set of model pins and kept; templates are kept by name and version, so two projects
 * whose templates share a name never run each other's.
 */
import { contentKey, LiberoError, ValidationError } from '../../shared/index.js';
import type { RunStageOptions, StageRequest, StageResult } from '../generator-backend.js';
import { parseComfyTemplate } from '../comfyui/comfy-template.js';
import type { ComfyTemplate } from '../comfyui/comfy-template.js';
import { comfyTemplateRegistry } from '../comfyui/comfy-template-registry.js';
import type { ComfyTemplateRegistry } from '../comfyui/comfy-template-registry.js';
import { createComfyBackend } from '../comfyui/comfyui-backend.js';
import type { ComfyTimingOptions } from '../comfyui/comfyui-backend.js';
import type { HostPool } from '../scheduler/host-pool.js';
import { DEFAULT_UPSCALE_HANDLES } from '../upscale-window.js';
import type { StudioJobData } from './stage-queues.js';

/** Runs one job's stage; `close()` when the worker stops. */
export interface StudioStageBackend {
  run(job: StudioJobData, request: StageRequest, options: RunStageOptions): Promise<StageResult>;
  close(): void;
}

/** The template a job carries, as a job carries it (the inverse of {@link templateOfJob}). */
export function jobTemplateFiles(template: ComfyTemplate): StudioJobData['templateFiles'] {
  return {
    version: template.version,
    manifest: template.manifest as unknown as Record<string, unknown>,
    workflow: template.workflow as unknown as Record<string, unknown>,
  };
}

/**
 * The template a job carries, validated like a template file; throws a ValidationError when it
 * is not a template, is not the one the job names, or is not the version the service planned with.
 */
export function templateOfJob(job: StudioJobData, jobId: string): ComfyTemplate {
  const template = parseComfyTemplate({
    source: `"${job.template}" of studio job ${jobId}`,
    manifestJson: job.templateFiles.manifest,
    workflowJson: job.templateFiles.workflow,
  });
  if (template.name !== job.template || template.version !== job.templateFiles.version)
    throw new ValidationError(
      'COMFY_TEMPLATE_INVALID',
      `studio job ${jobId} names template "${job.template}" version ${job.templateFiles.version} but carries "${template.name}" version ${template.version}`,
      { details: { jobId, template: job.template } },
    );
  return template;
}

/** Options for {@link createStudioStageBackend}. */
export interface StudioStageBackendOptions {
  /** The one ComfyUI host this worker feeds. */
  readonly host: string;
  readonly timing: ComfyTimingOptions;
}

/** Builds the worker's stage backend (no connection before the first job). */
export function createStudioStageBackend(options: StudioStageBackendOptions): StudioStageBackend {
  const templates = new Map<string, ComfyTemplate>();
  const registry: ComfyTemplateRegistry = {
    get: (name) => {
      const template = templates.get(name);
      if (template === undefined)
        throw new LiberoError('INTERNAL', `the worker holds no template "${name}"`);
      return template;
    },
    get resolver() {
      return comfyTemplateRegistry([...templates.values()]).resolver;
    },
  };
  const pools = new Map<string, HostPool>();
  const poolFor = (pins: Readonly<Record<string, string>>): HostPool => {
    const key = contentKey(Object.entries(pins).sort(([a], [b]) => a.localeCompare(b)));
    let pool = pools.get(key);
    if (pool === undefined) {
      pool = createComfyBackend({
        hosts: [options.host],
        templates: registry,
        timing: options.timing,
        // Upscale handles ride in each request's params (plan-shot.ts); this is only a fallback.
        handles: DEFAULT_UPSCALE_HANDLES,
        onEvent: null,
        modelPins: pins,
      });
      pools.set(key, pool);
    }
    return pool;
  };
  return {
    run: async (job, request, runOptions) => {
      const template = templateOfJob(job, request.key);
      const name = `${template.name}@${template.version}`;
      templates.set(name, template);
      return poolFor(job.modelPins).run({ ...request, template: name }, runOptions);
    },
    close: () => {
      for (const pool of pools.values()) pool.close();
      pools.clear();
    },
  };
}
