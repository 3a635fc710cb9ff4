/**
 * The loudness target of a run: the command's `--loudness` when given, else `libero.json`
 * `audio.loudness` (-14 LUFS by default). -23 is EBU R128 broadcast; any other value keeps the
 * streaming true-peak ceiling (-1 dBTP).
 */
import { BROADCAST_LOUDNESS, STREAMING_LOUDNESS } from '../audio/index.js';
import type { LoudnessTarget } from '../audio/index.js';
import type { ProjectConfig } from '../config/index.js';

/** Options for {@link loudnessTargetFor}. */
export interface LoudnessTargetForOptions {
  readonly config: ProjectConfig;
  /** `--loudness` in LUFS, or null when the flag was not given. */
  readonly lufs: number | null;
}

/** The target for a flag (or none) and the project's file; pure. */
export function loudnessTargetFor(options: LoudnessTargetForOptions): LoudnessTarget {
  const lufs = options.lufs ?? options.config.audio.loudness;
  return lufs === BROADCAST_LOUDNESS.integrated
    ? BROADCAST_LOUDNESS
    : { ...STREAMING_LOUDNESS, integrated: lufs };
}
