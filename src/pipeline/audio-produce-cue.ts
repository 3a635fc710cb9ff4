/**
 * One cue through the cache and the backend: its key from everything that determines its audio,
 * a cache hit (which sends nothing anywhere), or the backend's audio stored atomically with its
 * provenance. A cue's failure is an event and an outcome; cancellation and a broken disk throw.
 */
import { audioKey, fileHash } from '../audio/index.js';
import type {
  Alignment,
  AudioBackend,
  AudioCache,
  ScoreCue,
  StitchedVoiceCue,
} from '../audio/index.js';
import { hasCode, isLiberoError, LiberoError } from '../shared/index.js';
import type { AudioEvent } from './audio-event.js';

/** Version of the way cues are keyed; bumping it re-buys every vendor cue, so rarely. */
const AUDIO_RECIPE = 'audio-1';

/** What happened to one cue. */
export interface CueOutcome {
  readonly cueId: string;
  readonly kind: 'voice' | 'score';
  readonly source: string;
  /** The cue's audio, or null when it failed. */
  readonly file: string | null;
  readonly cached: boolean;
  readonly characters: number;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** A cue's outcome with what the run needs from it. */
export interface ProducedCue {
  readonly outcome: CueOutcome;
  readonly alignment: Alignment | null;
  /** HTTP attempts made for it (0 when cached or offline). */
  readonly requests: number;
  readonly musicMs: number;
}

/** Options for {@link produceCue}. */
export interface ProduceCueOptions {
  readonly cue: StitchedVoiceCue | ScoreCue;
  readonly backend: AudioBackend;
  readonly cache: AudioCache;
  readonly signal: AbortSignal | null;
  readonly emit: (event: AudioEvent) => void;
}

/**
 * A cue's cache key and the request it stands for (what the backend would be asked); reading a
 * scratch recording to hash it is the only I/O. Throws FILE_NOT_FOUND for an unreadable scratch.
 */
export async function cueKey(options: {
  readonly cue: StitchedVoiceCue | ScoreCue;
  readonly backend: AudioBackend;
}): Promise<{ readonly key: string; readonly request: Readonly<Record<string, unknown>> }> {
  const { cue, backend } = options;
  const request =
    cue.kind === 'voice'
      ? backend.voiceKey(cue, cue.scratch === null ? null : await scratchHash(cue))
      : backend.scoreKey(cue);
  return {
    key: audioKey({ recipe: AUDIO_RECIPE, backend: backend.name, kind: cue.kind, request }),
    request,
  };
}

/** Produces (or finds) one cue's audio. */
export async function produceCue(options: ProduceCueOptions): Promise<ProducedCue> {
  const { cue, backend, cache, signal, emit } = options;
  const kind = cue.kind;
  let failureKey: string | null = null;
  try {
    const { key, request } = await cueKey({ cue, backend });
    failureKey = key;
    const hit = await cache.lookup(key, backend.ext);
    if (hit !== null) {
      emit({ type: 'audio-cue-cached', cueId: cue.id, kind, file: hit.path });
      return {
        outcome: {
          cueId: cue.id,
          kind,
          source: cue.source,
          file: hit.path,
          cached: true,
          characters: 0,
          error: null,
        },
        alignment: alignmentFrom(hit.provenance['alignment']),
        requests: 0,
        musicMs: 0,
      };
    }
    emit({ type: 'audio-cue-started', cueId: cue.id, kind });
    const started = performance.now();
    const made =
      cue.kind === 'voice' ? await backend.speak(cue, signal) : await backend.compose(cue, signal);
    const seconds = (performance.now() - started) / 1000;
    const file = await cache.store({
      key,
      ext: backend.ext,
      bytes: made.bytes,
      provenance: {
        kind,
        cue: cue.id,
        source: cue.source,
        backend: backend.name,
        host: backend.host,
        request,
        requestId: made.requestId,
        characters: made.characters,
        musicMs: made.musicMs,
        attempts: made.attempts,
        seconds,
        facts: made.facts,
        alignment: made.alignment,
        aiGenerated: backend.name === 'elevenlabs',
      },
    });
    await cache.clearFailure(key);
    emit({
      type: 'audio-cue-done',
      cueId: cue.id,
      kind,
      file,
      characters: made.characters,
      seconds,
    });
    return {
      outcome: {
        cueId: cue.id,
        kind,
        source: cue.source,
        file,
        cached: false,
        characters: made.characters,
        error: null,
      },
      alignment: made.alignment,
      requests: made.attempts,
      musicMs: made.musicMs,
    };
  } catch (error) {
    if (
      hasCode(error, 'ABORTED') ||
      signal?.aborted === true ||
      (isLiberoError(error) && error.code === 'FILE_WRITE_FAILED')
    )
      throw error;
    const code = isLiberoError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    // Noted in the cache so the service shows the failure (GET /api/project) until it is made.
    if (failureKey !== null) await cache.recordFailure(failureKey, { code, message });
    emit({ type: 'audio-cue-failed', cueId: cue.id, kind, code, message });
    return {
      outcome: {
        cueId: cue.id,
        kind,
        source: cue.source,
        file: null,
        cached: false,
        characters: 0,
        error: { code, message },
      },
      alignment: null,
      requests: 0,
      musicMs: 0,
    };
  }
}

async function scratchHash(cue: StitchedVoiceCue): Promise<string> {
  const path = cue.scratch ?? '';
  try {
    return await fileHash(path);
  } catch (error) {
    throw new LiberoError(
      'FILE_NOT_FOUND',
      `The scratch recording of ${cue.source} cannot be read: ${path}`,
      {
        details: { cue: cue.id, path },
        cause: error,
      },
    );
  }
}

function alignmentFrom(value: unknown): Alignment | null {
  if (value === null || typeof value !== 'object') return null;
  const a = value as Partial<Alignment>;
  return Array.isArray(a.characters) &&
    Array.isArray(a.characterStartTimesSeconds) &&
    Array.isArray(a.characterEndTimesSeconds)
    ? (a as Alignment)
    : null;
}
