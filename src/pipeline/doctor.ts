/** What `libero doctor` reports: the runtime, ffmpeg, and which backends are configured. */
import type { ComfyHostReport } from '../generators/comfyui/check-comfy-host.js';
import { describeMissing } from '../generators/comfyui/find-missing.js';
import type { ModelReport } from '../generators/comfyui/find-missing.js';
import { stemOf } from '../generators/comfyui/resolve-model-file.js';
import { describeVersionLimits } from '../generators/comfyui/comfy-server-version.js';
import { checkFilters, ffmpegVersion, findFfmpeg } from '../media/index.js';
import { isLiberoError } from '../shared/index.js';

/** One line of the doctor's report. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The configured generator hosts, as the composition root checks them (`checkGeneratorHosts`). */
export interface DoctorHosts {
  /** Where the list came from: `--comfyui`, `LIBERO_COMFYUI_URL` or libero.json `comfyui.hosts`. */
  readonly source: string;
  readonly reports: readonly ComfyHostReport[];
}

/** Options for {@link runDoctor}. */
export interface DoctorOptions {
  /** Checks the configured ComfyUI hosts (never throws); null: the env's URL is only named. */
  readonly checkHosts: (() => Promise<DoctorHosts>) | null;
}

/** `flux1-dev -> flux1-dev.safetensors, 1xDeJPG_OmniSR -> upscale/1xDeJPG_OmniSR.safetensors (by stem)`. */
function describeResolved(models: Readonly<Record<string, readonly ModelReport[]>>): string {
  const lines = new Map<string, string>();
  for (const model of Object.values(models).flat()) {
    const r = model.resolution;
    const to =
      r.kind === 'found'
        ? `${r.file}${r.how === 'exact' ? '' : r.how === 'pinned' ? ' (pinned)' : ' (by stem)'}`
        : r.kind === 'ambiguous'
          ? `ambiguous: ${r.candidates.join(' | ')}`
          : 'MISSING';
    lines.set(`${model.folder}/${model.wanted}`, `${stemOf(model.wanted)} -> ${to}`);
  }
  return [...lines.values()].join(', ');
}

/** One line per ComfyUI host: version and GPUs, per template what the host lacks, and the model files it resolved. */
export function comfyHostChecks(hosts: DoctorHosts): DoctorCheck[] {
  return hosts.reports.map((report): DoctorCheck => {
    const name = `comfyui ${report.host}`;
    if (!report.reachable) return { name, ok: false, detail: `unreachable: ${report.error}` };
    const lacking = Object.entries(report.templates).filter(([, missing]) => missing.length > 0);
    const limits = describeVersionLimits(report.version);
    const about = `ComfyUI ${report.version ?? '(version unknown)'}${limits === null ? '' : ` (${limits})`} on ${report.devices.join(', ') || 'no GPU listed'}`;
    const templates =
      lacking.length === 0
        ? `ready for ${Object.keys(report.templates).join(', ')}`
        : lacking
            .map(([template, missing]) => `template ${template} lacks ${describeMissing(missing)}`)
            .join('; ');
    const models = describeResolved(report.models);
    return {
      name,
      ok: lacking.length === 0,
      detail: `${about}; ${templates}${models === '' ? '' : `; models: ${models}`}`,
    };
  });
}

/** Runs every check; never throws (a failed check is a line with ok=false). */
export async function runDoctor(
  env: NodeJS.ProcessEnv,
  options: DoctorOptions | null = null,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({
    name: 'node',
    ok: major >= 20,
    detail: `v${process.versions.node}${major >= 20 ? '' : ' (libero needs Node 20 or newer)'}`,
  });
  try {
    const paths = findFfmpeg(env);
    checks.push({ name: 'ffmpeg', ok: true, detail: `${paths.ffmpeg} (${await ffmpegVersion()})` });
    checks.push({ name: 'ffprobe', ok: true, detail: paths.ffprobe });
    const filters = await checkFilters();
    checks.push({
      name: 'ffmpeg filters',
      ok: filters.missing.length === 0,
      detail:
        filters.missing.length === 0
          ? `all needed filters present (${filters.available} available)`
          : `missing: ${filters.missing.join(', ')}`,
    });
  } catch (error) {
    checks.push({
      name: 'ffmpeg',
      ok: false,
      detail: isLiberoError(error) ? error.message : String(error),
    });
  }
  const comfy = env['LIBERO_COMFYUI_URL'];
  let hosts: DoctorHosts | null = null;
  let hostsError: string | null = null;
  try {
    hosts = options === null || options.checkHosts === null ? null : await options.checkHosts();
  } catch (error) {
    // A bad host list or template is a failed line too.
    hostsError = isLiberoError(error) ? error.message : String(error);
  }
  checks.push({
    name: 'generator backend',
    ok: hostsError === null,
    detail:
      hostsError !== null
        ? hostsError
        : hosts !== null && hosts.reports.length > 0
          ? `ComfyUI pool of ${hosts.reports.length} host(s) from ${hosts.source}`
          : hosts === null && comfy !== undefined && comfy !== ''
            ? `ComfyUI at ${comfy}`
            : 'draft (no ComfyUI host in --comfyui, LIBERO_COMFYUI_URL or libero.json; previz shots made with ffmpeg, no GPU)',
  });
  if (hosts !== null) checks.push(...comfyHostChecks(hosts));
  const key = env['ELEVENLABS_API_KEY'];
  checks.push({
    name: 'voice backend',
    ok: true,
    detail:
      key !== undefined && key !== ''
        ? `ElevenLabs (API key set${env['ELEVENLABS_BASE_URL'] ? `, base URL ${env['ELEVENLABS_BASE_URL']}` : ''})`
        : 'draft voice (no ELEVENLABS_API_KEY set)',
  });
  return checks;
}
