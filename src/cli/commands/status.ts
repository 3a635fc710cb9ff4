/** `libero status`: asks a running `libero serve` for its project and prints the shot table. */
import type { Command } from 'commander';
import { LiberoError } from '../../shared/index.js';
import { formatFarm, studioFarmStatus } from '../../pipeline/studio-farm.js';
import {
  ProjectResponseSchema,
  userConfigDir,
  readToken,
  fetchProject,
} from '../../server/index.js';
import type { ProjectResponse, TakeQc } from '../../server/index.js';

/** The active take's QC: its score, and the faults the cut shows ("61 black@00:00:00:10"). */
function qcCell(qc: TakeQc | null): string {
  if (qc === null) return '-';
  const shown = qc.faults.filter((f) => f.inCut).map((f) => `${f.kind}@${f.timecode ?? '?'}`);
  return [String(qc.score), ...shown].join(' ');
}

/** The shot table as lines of text (exported for its test). */
export function formatStatus(project: ProjectResponse): string[] {
  const lines: string[] = [];
  const t = project.timeline;
  lines.push(
    t === null
      ? 'timeline: not loaded yet'
      : `timeline: ${t.name} (${t.file}, version ${t.version})`,
  );
  if (project.lastError !== null)
    lines.push(`last error: ${project.lastError.code}: ${project.lastError.message}`);
  const rows = project.shots.map((s) => {
    const stages = s.stages
      .map((st) => `${st.stage}:${st.status === 'running' ? `${st.percent}%` : st.status}`)
      .join(' ');
    return [
      String(s.index + 1).padStart(3),
      s.id,
      s.status,
      `${s.takes.length}`,
      s.activeTake ?? '-',
      qcCell(s.takes.find((t) => t.id === s.activeTake)?.qc ?? null),
      stages,
    ];
  });
  const head = ['  #', 'shot', 'status', 'takes', 'active', 'qc', 'stages'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [head, ...rows])
    lines.push(
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  if (project.render !== null)
    lines.push(
      `render ${project.render.id}: ${project.render.status} ${project.render.percent}%${project.render.fileUrl ? ' ' + project.render.fileUrl : ''}`,
    );
  return lines;
}

/** Registers the command. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('ask a running libero serve for its shots and print them')
    .option('--url <url>', 'the service', 'http://127.0.0.1:7370')
    .option('--json', 'print the project as JSON')
    .option('--farm', "studio mode: the studio's queues, workers and which project each job is for")
    .action(async (opts: { url: string; json?: boolean; farm?: boolean }) => {
      if (opts.farm === true) {
        const farm = await studioFarmStatus({ env: process.env, config: null, limit: 50 });
        if (opts.json === true) process.stdout.write(JSON.stringify(farm, null, 2) + '\n');
        else for (const line of formatFarm(farm)) process.stdout.write(line + '\n');
        return;
      }
      const token = await readToken(userConfigDir(process.env, process.platform));
      if (token === null)
        throw new LiberoError(
          'API_UNAUTHORIZED',
          'no service token found: start `libero serve` once first',
        );
      const project = ProjectResponseSchema.parse(await fetchProject({ url: opts.url, token }));
      if (opts.json === true) process.stdout.write(JSON.stringify(project, null, 2) + '\n');
      else for (const line of formatStatus(project)) process.stdout.write(line + '\n');
    });
}
