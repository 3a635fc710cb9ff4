/** The templates a ComfyUI backend knows, loaded once, and the resolver the plan uses. */
import { LiberoError } from '../../shared/index.js';
import type { StageKind } from '../generator-backend.js';
import type { TemplateResolver } from '../stage-template.js';
import type { ComfyTemplate } from './comfy-template.js';
import { loadComfyTemplate, loadComfyTemplateSync } from './comfy-template-fs.js';

/** The built-in template of each stage. */
export const DEFAULT_COMFY_TEMPLATES: Readonly<Record<StageKind, string>> = {
  still: 'still-flux-lora',
  video: 'video-cogvideox15-i2v',
  upscale: 'upscale-omnisr-hat',
};

/** Loaded templates by name. */
export interface ComfyTemplateRegistry {
  get(name: string): ComfyTemplate;
  readonly resolver: TemplateResolver;
}

/** Builds a registry from loaded templates (pure). */
export function comfyTemplateRegistry(templates: readonly ComfyTemplate[]): ComfyTemplateRegistry {
  const byName = new Map(templates.map((t) => [t.name, t]));
  const get = (name: string): ComfyTemplate => {
    const template = byName.get(name);
    if (template === undefined) {
      throw new LiberoError(
        'COMFY_TEMPLATE_INVALID',
        `ComfyUI template "${name}" is not loaded (known: ${[...byName.keys()].join(', ')}).`,
        { details: { template: name } },
      );
    }
    return template;
  };
  const resolver: TemplateResolver = (stage, requested) => {
    const template = get(requested ?? DEFAULT_COMFY_TEMPLATES[stage]);
    if (template.manifest.stage !== stage) {
      throw new LiberoError(
        'COMFY_TEMPLATE_INVALID',
        `ComfyUI template "${template.name}" makes a ${template.manifest.stage}, not a ${stage}.`,
        { details: { template: template.name, stage } },
      );
    }
    return {
      name: template.name,
      version: template.version,
      promptTokenLimit: template.manifest.promptTokenLimit,
      trainedSize: template.manifest.trainedSize,
      nativeFps: template.manifest.nativeFps,
    };
  };
  return { get, resolver };
}

/** Options for {@link loadComfyTemplateRegistry}. */
export interface LoadComfyTemplateRegistryOptions {
  /** Folders searched in order (the project's `templates/comfyui` first, then built-in). */
  readonly dirs: readonly string[];
  /** Template names beyond the three defaults (from libero.json). */
  readonly extra: readonly string[];
}

/** Loads the default templates and any extra ones named in the project. */
export async function loadComfyTemplateRegistry(
  options: LoadComfyTemplateRegistryOptions,
): Promise<ComfyTemplateRegistry> {
  const names = [...new Set([...Object.values(DEFAULT_COMFY_TEMPLATES), ...options.extra])];
  const templates = await Promise.all(
    names.map((name) => loadComfyTemplate({ name, dirs: options.dirs })),
  );
  return comfyTemplateRegistry(templates);
}

/** {@link loadComfyTemplateRegistry} without awaiting (for the composition root). */
export function loadComfyTemplateRegistrySync(
  options: LoadComfyTemplateRegistryOptions,
): ComfyTemplateRegistry {
  const names = [...new Set([...Object.values(DEFAULT_COMFY_TEMPLATES), ...options.extra])];
  return comfyTemplateRegistry(
    names.map((name) => loadComfyTemplateSync({ name, dirs: options.dirs })),
  );
}
