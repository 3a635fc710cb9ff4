/** Validates the parsed JSON of a `libero.json`; errors name the field and the file. */
import type { z } from 'zod';
import { ValidationError } from '../shared/index.js';
import { projectConfigSchema } from './project-config.js';
import type { ProjectConfig } from './project-config.js';

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** One issue as a line: `field "lora.strengthModel": expected number, received string`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length === 0 ? '' : ` in "${fieldPath(issue.path)}"`;
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}`;
  }
  return `field "${fieldPath(issue.path)}": ${issue.message}`;
}

/** Options for {@link parseProjectConfig}. */
export interface ParseProjectConfigOptions {
  /** Parsed JSON (or undefined when the file does not exist). */
  readonly json: unknown;
  /** The file, for messages. */
  readonly file: string;
}

/** Validates and fills defaults; throws CONFIG_INVALID naming each bad field and the file. */
export function parseProjectConfig(options: ParseProjectConfigOptions): ProjectConfig {
  const result = projectConfigSchema.safeParse(options.json ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map(describeIssue);
  throw new ValidationError('CONFIG_INVALID', `${options.file}: ${lines.join('; ')}`, {
    details: { file: options.file, fields: result.error.issues.map((i) => fieldPath(i.path)) },
    issues: result.error.issues,
  });
}
