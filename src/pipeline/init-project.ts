/** `libero init NAME DIR`: copies a starter project from `templates/projects/NAME`. */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiberoError } from '../shared/index.js';

/** The `templates/projects` folder of this installation (source tree or built `dist`). */
export function projectTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'templates', 'projects');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new LiberoError(
    'INTERNAL',
    'the templates/projects folder of this libero installation is missing',
  );
}

/** The starter projects there are. */
export async function listProjectTemplates(): Promise<string[]> {
  const entries = await readdir(projectTemplatesDir(), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Options for {@link initProject}. */
export interface InitProjectOptions {
  readonly template: string;
  readonly dir: string;
  /** Overwrite files that exist in `dir`. */
  readonly force: boolean;
}

/** Copies the template's files into `dir`; returns the files written (absolute). */
export async function initProject(options: InitProjectOptions): Promise<string[]> {
  const known = await listProjectTemplates();
  if (!known.includes(options.template))
    throw new LiberoError(
      'PROJECT_TEMPLATE_UNKNOWN',
      `there is no starter project "${options.template}"; known: ${known.join(', ')}`,
      { details: { template: options.template, known } },
    );
  const source = join(projectTemplatesDir(), options.template);
  const target = resolve(options.dir);
  const files = await readdir(source);
  const clashes = files.filter((f) => existsSync(join(target, f)));
  if (clashes.length > 0 && !options.force)
    throw new LiberoError(
      'USAGE',
      `${target} already has ${clashes.join(', ')}; choose an empty folder or pass --force to overwrite`,
      { details: { dir: target, clashes } },
    );
  await mkdir(target, { recursive: true });
  try {
    await cp(source, target, { recursive: true, force: true });
  } catch (error) {
    throw new LiberoError(
      'FILE_WRITE_FAILED',
      `cannot copy the starter project into ${target}: ${(error as Error).message}`,
      {
        details: { dir: target },
        cause: error,
      },
    );
  }
  return files.map((f) => join(target, f));
}
