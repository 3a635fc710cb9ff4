/**
 * A loaded project: the editor's timeline (never written by libero), its `libero.json`, and
 * where libero keeps its state (`.libero/` beside the timeline) and writes its outputs.
 *
 * ```
 * trailer/
 *   trailer.otio              the editor's timeline (read only)
 *   libero.json               the project file (optional)
 *   trailer.conformed.otio    written by generate: every take of every shot
 *   .libero/state.db          jobs, results, takes, choices (SQLite, WAL)
 *   .libero/cache/            generated media by content key, with provenance sidecars
 *   out/shots/<shot>/take-001.mp4 (+ .json)   each take under a name an editor can read
 * ```
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { PROJECT_CONFIG_FILE, parseProjectConfig } from '../config/index.js';
import type { ProjectConfig } from '../config/index.js';
import { LiberoError, ValidationError } from '../shared/index.js';
import {
  CORE_VERSION_MAP,
  DEFAULT_NLE_TARGET_VERSION,
  Timeline,
  readFromString,
} from '../timeline/index.js';

/** Everything the use-cases need to know about one project. */
export interface Project {
  /** Absolute path of the editor's timeline. */
  readonly timelineFile: string;
  /** Its text as read (parse it again for a fresh copy). */
  readonly timelineText: string;
  readonly timeline: Timeline;
  readonly configFile: string;
  readonly config: ProjectConfig;
  /** The folder of the timeline. */
  readonly dir: string;
  /** `.libero` beside the timeline. */
  readonly liberoDir: string;
  /** The output folder (`out` by default). */
  readonly outDir: string;
  /** `NAME.conformed.otio` beside the timeline. */
  readonly conformedFile: string;
}

/** Parses timeline text; throws the timeline's ValidationError or TIMELINE_NOT_A_TIMELINE. */
export function parseTimeline(text: string, file: string): Timeline {
  const value = readFromString(text, { file });
  if (!(value instanceof Timeline)) {
    const named = 'name' in value && typeof value.name === 'string' && value.name !== '';
    throw new LiberoError(
      'TIMELINE_NOT_A_TIMELINE',
      `${file}: the top object is a ${value.schemaName}${named ? ` (${JSON.stringify(value.name)})` : ''}, not a Timeline. libero reads one whole timeline (OTIO_SCHEMA "Timeline.1"): export the timeline from the NLE, not a clip, a track or a bin.`,
      { details: { file, found: value.schema, expected: 'Timeline.1' } },
    );
  }
  return value;
}

/**
 * The OpenTimelineIO release the conformed timeline (and anything else handed back to the NLE)
 * is written for: `libero.json` `conform.otioVersion`, else DEFAULT_NLE_TARGET_VERSION.
 */
export function handBackOtioVersion(config: ProjectConfig): string {
  return config.conform.otioVersion ?? DEFAULT_NLE_TARGET_VERSION;
}

/** `/a/cut.otio` -> `/a/cut.conformed.otio`. */
export function conformedFileFor(timelineFile: string): string {
  const ext = extname(timelineFile);
  return join(
    dirname(timelineFile),
    `${basename(timelineFile, ext)}.conformed${ext === '' ? '.otio' : ext}`,
  );
}

/** Builds a project from texts already read (the service's watcher reads them itself). */
export function projectFromText(options: {
  timelineFile: string;
  timelineText: string;
  configText: string | null;
}): Project {
  const timelineFile = resolve(options.timelineFile);
  const dir = dirname(timelineFile);
  const configFile = join(dir, PROJECT_CONFIG_FILE);
  let json: unknown = undefined;
  if (options.configText !== null) {
    try {
      json = JSON.parse(options.configText);
    } catch (error) {
      throw new ValidationError(
        'CONFIG_INVALID',
        `${configFile}: not valid JSON (${(error as Error).message})`,
        {
          details: { file: configFile },
          cause: error,
        },
      );
    }
  }
  const config = parseProjectConfig({ json, file: configFile });
  const version = config.conform.otioVersion;
  if (version !== null && !Object.hasOwn(CORE_VERSION_MAP, version))
    throw new ValidationError(
      'CONFIG_INVALID',
      `${configFile}: conform.otioVersion "${version}" is not an OpenTimelineIO release libero can write; known: ${Object.keys(CORE_VERSION_MAP).join(', ')}`,
      { details: { file: configFile, path: 'conform.otioVersion', value: version } },
    );
  return {
    timelineFile,
    timelineText: options.timelineText,
    timeline: parseTimeline(options.timelineText, timelineFile),
    configFile,
    config,
    dir,
    liberoDir: join(dir, '.libero'),
    outDir: resolve(dir, config.outputFolder),
    conformedFile: conformedFileFor(timelineFile),
  };
}

/** Reads a project from its timeline file (and the `libero.json` beside it, when there is one). */
export async function loadProject(timelineFile: string): Promise<Project> {
  const file = resolve(timelineFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new LiberoError('FILE_NOT_FOUND', `timeline ${file} does not exist`, {
        details: { file },
        cause: error,
      });
    throw error;
  }
  const configFile = join(dirname(file), PROJECT_CONFIG_FILE);
  let configText: string | null = null;
  try {
    configText = await readFile(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return projectFromText({ timelineFile: file, timelineText: text, configText });
}
