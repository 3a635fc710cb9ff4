/** Studio mode for `libero doctor` and `libero status --farm`: settings in, report out. */
import { studioSettingsFrom } from '../config/index.js';
import type { ProjectConfig } from '../config/index.js';
import { checkStudio } from '../generators/studio/check-studio.js';
import type { StudioCheck } from '../generators/studio/check-studio.js';
import { readFarmStatus } from '../generators/studio/farm-status.js';
import type { FarmStatus } from '../generators/studio/farm-status.js';
import { LiberoError } from '../shared/index.js';

export type { FarmStatus, StudioCheck };

/** The studio lines of `libero doctor`; none outside studio mode. */
export async function studioDoctorChecks(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly config: ProjectConfig | null;
}): Promise<StudioCheck[]> {
  let settings;
  try {
    settings = studioSettingsFrom(options);
  } catch (error) {
    return [{ name: 'studio', ok: false, detail: (error as Error).message }];
  }
  if (settings.redisUrl === null && settings.databaseUrl === null) return [];
  const checks = await checkStudio({ ...settings, timeoutMs: 5_000 });
  if (settings.redisUrl !== null && settings.cacheDir === null)
    checks.push({
      name: 'studio cache',
      ok: false,
      detail: 'not set: set LIBERO_STUDIO_CACHE (or libero.json studio.cache) to the shared folder',
    });
  return checks;
}

/** The farm's queues and workers (LIBERO_REDIS_URL or libero.json `studio.redis`). */
export async function studioFarmStatus(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly config: ProjectConfig | null;
  readonly limit: number;
}): Promise<FarmStatus> {
  const { redisUrl } = studioSettingsFrom({ env: options.env, config: options.config });
  if (redisUrl === null)
    throw new LiberoError(
      'USAGE',
      'libero status --farm needs the studio Redis: set LIBERO_REDIS_URL (or libero.json studio.redis)',
    );
  try {
    return await readFarmStatus({ redisUrl, limit: options.limit });
  } catch (error) {
    throw new LiberoError(
      'STUDIO_UNREACHABLE',
      `cannot read the farm from the studio Redis: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** The farm as lines of text. */
export function formatFarm(farm: FarmStatus): string[] {
  const lines: string[] = [];
  for (const queue of farm.queues) {
    const c = queue.counts;
    const waiting = (c['waiting'] ?? 0) + (c['prioritized'] ?? 0);
    lines.push(
      `${queue.name}: ${c['active'] ?? 0} running, ${waiting} waiting, ${c['delayed'] ?? 0} retrying, ${c['failed'] ?? 0} failed, ${c['completed'] ?? 0} done`,
    );
    for (const job of queue.jobs)
      lines.push(
        `  ${job.state.padEnd(7)} ${job.id.slice(0, 12)}  ${job.project}/${job.shotId}${job.editor ? '  (editor)' : ''}${job.attemptsMade > 0 ? `  attempts ${job.attemptsMade}` : ''}`,
      );
  }
  lines.push(`workers: ${farm.workers.length}`);
  for (const w of farm.workers)
    lines.push(
      `  ${w.name} -> ${w.comfyui}: ${w.job === null ? 'idle' : `${w.job.stage} of ${w.job.project}/${w.job.shotId}`}`,
    );
  return lines;
}
