/** Reads ComfyUI templates from disk: the built-in folder and a project's own. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiberoError } from '../../shared/index.js';
import { parseComfyTemplate } from './comfy-template.js';
import type { ComfyTemplate } from './comfy-template.js';

/** The templates shipped with libero (`templates/comfyui`). */
export const BUILTIN_COMFY_TEMPLATES_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/src/')
      ? '../../../../templates/comfyui/'
      : '../../../templates/comfyui/',
    import.meta.url,
  ),
);

async function readJson(path: string, template: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new LiberoError(
      'COMFY_TEMPLATE_INVALID',
      `ComfyUI template "${template}": cannot read ${path}.`,
      {
        details: { template, file: path },
        cause,
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new LiberoError(
      'COMFY_TEMPLATE_INVALID',
      `ComfyUI template "${template}": ${path} is not valid JSON.`,
      {
        details: { template, file: path },
        cause,
      },
    );
  }
}

/** Options for {@link loadComfyTemplate}. */
export interface LoadComfyTemplateOptions {
  readonly name: string;
  /** Folders searched in order (a project's templates first, then the built-in ones). */
  readonly dirs: readonly string[];
}

/** Loads `<name>.manifest.json` and its workflow from the first folder that has it. */
export async function loadComfyTemplate(options: LoadComfyTemplateOptions): Promise<ComfyTemplate> {
  const { name, dirs } = options;
  for (const dir of dirs) {
    const manifestPath = join(dir, `${name}.manifest.json`);
    let manifestJson: unknown;
    try {
      manifestJson = JSON.parse(await readFile(manifestPath, 'utf8')) as unknown;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new LiberoError(
        'COMFY_TEMPLATE_INVALID',
        `ComfyUI template "${name}": ${manifestPath} is not valid JSON.`,
        {
          details: { template: name, file: manifestPath },
          cause,
        },
      );
    }
    const workflowFile =
      typeof manifestJson === 'object' && manifestJson !== null && 'workflow' in manifestJson
        ? String((manifestJson as { workflow: unknown }).workflow)
        : `${name}.json`;
    const workflowJson = await readJson(join(dir, workflowFile), name);
    return parseComfyTemplate({ source: manifestPath, manifestJson, workflowJson });
  }
  throw new LiberoError(
    'COMFY_TEMPLATE_INVALID',
    `ComfyUI template "${name}" not found in ${dirs.join(', ')} (expected ${name}.manifest.json).`,
    { details: { template: name, dirs } },
  );
}

/** {@link loadComfyTemplate} without awaiting, for the composition root (the files are small). */
export function loadComfyTemplateSync(options: LoadComfyTemplateOptions): ComfyTemplate {
  const { name, dirs } = options;
  const read = (path: string): unknown => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (cause) {
      throw new LiberoError(
        'COMFY_TEMPLATE_INVALID',
        `ComfyUI template "${name}": cannot read ${path} as JSON.`,
        { details: { template: name, file: path }, cause },
      );
    }
  };
  for (const dir of dirs) {
    const manifestPath = join(dir, `${name}.manifest.json`);
    let exists = true;
    try {
      readFileSync(manifestPath);
    } catch {
      exists = false;
    }
    if (!exists) continue;
    const manifestJson = read(manifestPath);
    const workflowFile =
      typeof manifestJson === 'object' && manifestJson !== null && 'workflow' in manifestJson
        ? String((manifestJson as { workflow: unknown }).workflow)
        : `${name}.json`;
    const workflowJson = read(join(dir, workflowFile));
    return parseComfyTemplate({ source: manifestPath, manifestJson, workflowJson });
  }
  throw new LiberoError(
    'COMFY_TEMPLATE_INVALID',
    `ComfyUI template "${name}" not found in ${dirs.join(', ')} (expected ${name}.manifest.json).`,
    { details: { template: name, dirs } },
  );
}
