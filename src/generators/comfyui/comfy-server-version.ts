/**
 * What a ComfyUI server can do, by its version (`/system_stats` `system.comfyui_version`).
 * Pure. Facts from ComfyUI's server.py history:
 * - a client-chosen `prompt_id` in `POST /prompt` is honoured from 0.3.45; older servers make
 *   their own and return it (the client must use the returned one);
 * - `POST /interrupt` with `{"prompt_id"}` interrupts only that prompt from 0.3.56
 *   (Comfy-Org/ComfyUI#9607); older servers ignore the body and stop whatever runs.
 */

/** The oldest server libero runs against (the node packs' own floor; see README). */
export const MINIMUM_COMFY_VERSION = '0.3.0';

/** Where each feature appeared. */
export const COMFY_FEATURE_VERSIONS = {
  clientPromptId: '0.3.45',
  targetedInterrupt: '0.3.56',
} as const;

/** A feature libero uses when the server has it. */
export type ComfyFeature = keyof typeof COMFY_FEATURE_VERSIONS;

const FEATURE_WORDS: Readonly<Record<ComfyFeature, string>> = {
  clientPromptId: 'client-chosen prompt ids',
  targetedInterrupt: 'targeted /interrupt',
};

/** `"0.3.40"`, `"v0.3.56-dev"` -> [0, 3, 40]; null when unreadable. */
export function parseComfyVersion(version: string | null): readonly number[] | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}

function atLeast(version: readonly number[], floor: string): boolean {
  const f = parseComfyVersion(floor) as readonly number[];
  for (let i = 0; i < 3; i++) {
    const a = version[i] ?? 0;
    const b = f[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** Which features a server of this version has; an unknown version is treated as old. */
export function comfyFeatures(version: string | null): Readonly<Record<ComfyFeature, boolean>> {
  const parsed = parseComfyVersion(version);
  return {
    clientPromptId: parsed !== null && atLeast(parsed, COMFY_FEATURE_VERSIONS.clientPromptId),
    targetedInterrupt: parsed !== null && atLeast(parsed, COMFY_FEATURE_VERSIONS.targetedInterrupt),
  };
}

/** For `doctor`: what this version lacks and how libero copes, or null when it lacks nothing. */
export function describeVersionLimits(version: string | null): string | null {
  const parsed = parseComfyVersion(version);
  if (parsed !== null && !atLeast(parsed, MINIMUM_COMFY_VERSION))
    return `older than the minimum ComfyUI ${MINIMUM_COMFY_VERSION}: update it`;
  const features = comfyFeatures(version);
  const lacking = (Object.keys(COMFY_FEATURE_VERSIONS) as ComfyFeature[]).filter(
    (f) => !features[f],
  );
  if (lacking.length === 0) return null;
  const list = lacking
    .map((f) => `${FEATURE_WORDS[f]} (ComfyUI >= ${COMFY_FEATURE_VERSIONS[f]})`)
    .join(', ');
  const interrupt = features.targetedInterrupt
    ? ''
    : '; libero interrupts only when nothing else is queued there, else lets its prompt finish and discards it';
  return `${parsed === null ? 'version unknown, so treated as old: ' : ''}lacks ${list}${interrupt}`;
}
