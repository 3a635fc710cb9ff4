/**
 * Which file on a host a template's model is: templates name a model by what it is (its stem,
 * `1xDeJPG_OmniSR`), hosts store it as they like (`upscale/1xDeJPG_OmniSR.safetensors`,
 * `1xDeJPG_OmniSR.pth`). Pure: the host's list comes from its `/object_info`.
 *
 * Order: a pin from libero.json `comfyui.models` (exact, then ignoring case); the template's
 * own value exactly; the same path ignoring case; then the stem (file name without folder and
 * without a model extension, ignoring case). Two files with the stem and no better match is an
 * ambiguity, never a guess: the message names both, and a pin settles it.
 */

/** Extensions ComfyUI's folder_paths lists for model folders (`supported_pt_extensions`, plus GGUF). */
export const MODEL_EXTENSIONS = ['.safetensors', '.pth', '.pt', '.ckpt', '.sft', '.gguf'] as const;

/** `upscale\\1xDeJPG_OmniSR.safetensors` -> `1xDeJPG_OmniSR`; names without a model extension keep theirs. */
export function stemOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const ext = MODEL_EXTENSIONS.find((e) => base.toLowerCase().endsWith(e));
  return ext === undefined ? base : base.slice(0, -ext.length);
}

/** The stem compared: {@link stemOf} ignoring case. */
export function modelStem(name: string): string {
  return stemOf(name).toLowerCase();
}

function samePath(a: string, b: string): boolean {
  return a.replaceAll('\\', '/').toLowerCase() === b.replaceAll('\\', '/').toLowerCase();
}

/** How a model resolved on one host. */
export type ModelResolution =
  | { readonly kind: 'found'; readonly file: string; readonly how: 'pinned' | 'exact' | 'stem' }
  | { readonly kind: 'missing'; readonly pinned: string | null }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] };

/** Options for {@link resolveModelFile}. */
export interface ResolveModelFileOptions {
  /** The template's value (a file name or a stem). */
  readonly wanted: string;
  /** The host's list for that loader input. */
  readonly available: readonly string[];
  /** libero.json `comfyui.models`: stem (or file name) -> the file to use. */
  readonly pins: Readonly<Record<string, string>>;
}

/** The pin for a model, matched by stem (so a pin keyed `1xDeJPG_OmniSR.pth` also applies). */
export function pinFor(pins: Readonly<Record<string, string>>, wanted: string): string | null {
  const stem = modelStem(wanted);
  const key = Object.keys(pins).find((k) => modelStem(k) === stem);
  return key === undefined ? null : (pins[key] ?? null);
}

/** Resolves one model against a host's list. */
export function resolveModelFile(options: ResolveModelFileOptions): ModelResolution {
  const { wanted, available } = options;
  const pinned = pinFor(options.pins, wanted);
  if (pinned !== null) {
    const hit = available.includes(pinned) ? pinned : available.find((f) => samePath(f, pinned));
    return hit === undefined
      ? { kind: 'missing', pinned }
      : { kind: 'found', file: hit, how: 'pinned' };
  }
  if (available.includes(wanted)) return { kind: 'found', file: wanted, how: 'exact' };
  const sameIgnoringCase = available.filter((f) => samePath(f, wanted));
  if (sameIgnoringCase.length === 1)
    return { kind: 'found', file: sameIgnoringCase[0] as string, how: 'exact' };
  const stem = modelStem(wanted);
  const candidates = available.filter((f) => modelStem(f) === stem);
  if (candidates.length === 1) return { kind: 'found', file: candidates[0] as string, how: 'stem' };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  return { kind: 'missing', pinned: null };
}
