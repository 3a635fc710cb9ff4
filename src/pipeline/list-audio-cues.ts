/**
 * A project's voice-over lines and score cues as the service lists them, without producing
 * anything: each cue's text (or prompt), place, and whether its audio is already in the cache
 * for the given backend (a key computed the way `produceAudio` computes it, and one file check;
 * nothing is sent anywhere).
 */
import { AudioCache, readAudioCues, stitchVoiceCues } from '../audio/index.js';
import type { AudioBackend, CueDefaults, CueFailure, CueProblem } from '../audio/index.js';
import { isLiberoError } from '../shared/index.js';
import { cueKey } from './audio-produce-cue.js';
import { cueDefaultsFor, DEFAULT_AUDIO_SETTINGS } from './audio-produce.js';
import type { Project } from './project.js';

export type { AudioBackend } from '../audio/index.js';

/** One cue as listed. */
export interface ListedAudioCue {
  readonly id: string;
  readonly kind: 'voice' | 'score';
  /** Where it came from ("clip 'VO 1' on track 'A1'"). */
  readonly source: string;
  /** The line (voice) or the music prompt (score). */
  readonly text: string;
  /** Place on the timeline, seconds. */
  readonly start: number;
  readonly duration: number;
  /**
   * `cached`: its audio for this backend is in `.libero/cache` (a render costs nothing for it);
   * `missing`: it would be produced; `failed`: its last attempt failed (by any process: the
   * failure is noted in the cache) or it cannot be asked for at all (an unreadable scratch read, a
   * score longer than the vendor composes); `unknown`: no backend given.
   */
  readonly status: 'cached' | 'missing' | 'failed' | 'unknown';
  /** The cached audio file, when cached. */
  readonly file: string | null;
  /** Why it failed, when failed. */
  readonly error: CueFailure | null;
}

/** Options for {@link listAudioCues}. */
export interface ListAudioCuesOptions {
  readonly project: Project;
  /** The backend a render would use (its cache keys differ); null: statuses are `unknown`. */
  readonly backend: AudioBackend | null;
  /** Defaults for fields a cue leaves out (the production's by default). */
  readonly cueDefaults?: CueDefaults;
}

/** What {@link listAudioCues} found. */
export interface ListedAudioCues {
  readonly cues: readonly ListedAudioCue[];
  readonly problems: readonly CueProblem[];
}

/** Lists the cues of a loaded project in timeline order (by start; a voice line first on a tie). */
export async function listAudioCues(options: ListAudioCuesOptions): Promise<ListedAudioCues> {
  const { project, backend } = options;
  const found = readAudioCues({
    timeline: project.timeline,
    projectDir: project.dir,
    defaults: cueDefaultsFor(
      project.config,
      options.cueDefaults ?? DEFAULT_AUDIO_SETTINGS.cueDefaults,
    ),
  });
  const cache = new AudioCache(project.liberoDir);
  const all = [...stitchVoiceCues(found.voice), ...found.score];
  const cues = await Promise.all(
    all.map(async (cue): Promise<ListedAudioCue> => {
      const base = {
        id: cue.id,
        kind: cue.kind,
        source: cue.source,
        text: cue.kind === 'voice' ? cue.text : cue.prompt,
        start: cue.start,
        duration: cue.duration,
      };
      if (backend === null) return { ...base, status: 'unknown', file: null, error: null };
      let key: string;
      try {
        ({ key } = await cueKey({ cue, backend }));
      } catch (error) {
        const failure = {
          code: isLiberoError(error) ? error.code : 'INTERNAL',
          message: error instanceof Error ? error.message : String(error),
        };
        return { ...base, status: 'failed', file: null, error: failure };
      }
      const hit = await cache.lookup(key, backend.ext);
      if (hit !== null) return { ...base, status: 'cached', file: hit.path, error: null };
      const failure = await cache.failureOf(key);
      return failure === null
        ? { ...base, status: 'missing', file: null, error: null }
        : { ...base, status: 'failed', file: null, error: failure };
    }),
  );
  cues.sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
  return { cues, problems: found.problems };
}
