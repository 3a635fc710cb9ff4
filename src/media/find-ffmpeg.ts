/**
 * Where the ffmpeg and ffprobe binaries are: FFMPEG_PATH / FFPROBE_PATH, else the first on
 * PATH. (No npm package ships a current static ffmpeg without downloading it at install time,
 * which these machines cannot do; `npm run setup` installs Debian's ffmpeg instead.)
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { LiberoError } from '../shared/index.js';

/** Paths of the two binaries. */
export interface FfmpegPaths {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, envPath: string): string | null {
  for (const dir of envPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function locate(name: 'ffmpeg' | 'ffprobe', env: NodeJS.ProcessEnv): string {
  const override = name === 'ffmpeg' ? env['FFMPEG_PATH'] : env['FFPROBE_PATH'];
  if (override !== undefined && override !== '') {
    if (!isExecutable(override)) {
      throw new LiberoError(
        'FFMPEG_NOT_FOUND',
        `${name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'}=${override} is not an executable file.`,
        {
          details: { binary: name, path: override },
        },
      );
    }
    return override;
  }
  const found = onPath(name, env['PATH'] ?? '');
  if (found === null) {
    throw new LiberoError(
      'FFMPEG_NOT_FOUND',
      `${name} was not found on PATH and ${name === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'} is not set.`,
      {
        details: { binary: name },
      },
    );
  }
  return found;
}

let cached: FfmpegPaths | null = null;

/** Finds ffmpeg and ffprobe once per process; throws FFMPEG_NOT_FOUND with a hint. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegPaths {
  if (cached !== null && env === process.env) return cached;
  const paths = { ffmpeg: locate('ffmpeg', env), ffprobe: locate('ffprobe', env) };
  if (env === process.env) cached = paths;
  return paths;
}
