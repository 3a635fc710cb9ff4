/** Reading and writing `libero.json` (the only file access of src/config). */
import { readFile } from 'node:fs/promises';
import { ValidationError } from '../shared/index.js';
import { parseProjectConfig } from './parse-project-config.js';
import type { ProjectConfig } from './project-config.js';

/** The project file's name, beside the timeline. */
export const PROJECT_CONFIG_FILE = 'libero.json';

/** Reads a project file; a missing file means the defaults. */
export async function readProjectConfig(file: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return parseProjectConfig({ json: undefined, file });
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(
      'CONFIG_INVALID',
      `${file}: not valid JSON (${(error as Error).message})`,
      { details: { file }, cause: error },
    );
  }
  return parseProjectConfig({ json, file });
}
