/** What `libero doctor` reports: the runtime, ffmpeg, and which backends are configured. */
import { checkFilters, ffmpegVersion, findFfmpeg } from '../media/index.js';
import { isLiberoError } from '../shared/index.js';

/** One line of the doctor's report. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Runs every check; never throws (a failed check is a line with ok=false). */
export async function runDoctor(env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
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
  checks.push({
    name: 'generator backend',
    ok: true,
    detail:
      comfy !== undefined && comfy !== ''
        ? `ComfyUI at ${comfy}`
        : 'draft (no LIBERO_COMFYUI_URL set; previz shots made with ffmpeg, no GPU)',
  });
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
