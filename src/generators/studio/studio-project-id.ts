/** A project's name in the studio: the one configured, else its folder's name and path hash. */
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';

/**
 * `libero.json` `studio.project` when set; else `<folder>-<8 hex of its absolute path>`, stable
 * across restarts of the service on the same folder and distinct for two copies of one demo.
 *
 * @example studioProjectId({ dir: '/films/trailer', configured: null }) // 'trailer-1c2d3e4f'
 */
export function studioProjectId(options: { dir: string; configured: string | null }): string {
  if (options.configured !== null) return options.configured;
  const dir = resolve(options.dir);
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 8);
  return `${basename(dir)}-${hash}`;
}
