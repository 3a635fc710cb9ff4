/**
 * Request stitching by text (ElevenLabs cookbook "request stitching"): each line is sent with
 * the text of the line before and after it *of the same voice and model*, so intonation flows
 * across cuts. Text (not request ids) is used so that a cue's request, and therefore its
 * cache key, depends only on the timeline: request ids expire after two hours and would force
 * lines to be generated in order.
 *
 * ```
 * time ─────────────────────────────────────────────>
 * voice A:  [L1]      [L2]            [L4]
 * voice B:        [L3]
 * L2: previous = L1, next = L4      L3: no neighbours
 * ```
 * Stitching is not available for eleven_v3, nor for speech-to-speech; those get nulls.
 */
import type { StitchedVoiceCue, VoiceCue } from './audio-cue.js';

/** Models for which the vendor offers no stitching. */
const NO_STITCHING_MODELS: ReadonlySet<string> = new Set(['eleven_v3']);

/** Adds previous/next text to every line; the output keeps the input order. */
export function stitchVoiceCues(cues: readonly VoiceCue[]): StitchedVoiceCue[] {
  const groups = new Map<string, VoiceCue[]>();
  for (const cue of cues) {
    if (cue.scratch !== null || NO_STITCHING_MODELS.has(cue.model)) continue;
    const key = `${cue.voice ?? ''}\u0000${cue.model}`;
    const group = groups.get(key) ?? [];
    group.push(cue);
    groups.set(key, group);
  }
  const context = new Map<VoiceCue, { previousText: string | null; nextText: string | null }>();
  for (const group of groups.values()) {
    const ordered = [...group].sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
    ordered.forEach((cue, i) => {
      context.set(cue, {
        previousText: ordered[i - 1]?.text ?? null,
        nextText: ordered[i + 1]?.text ?? null,
      });
    });
  }
  return cues.map((cue) => ({
    ...cue,
    ...(context.get(cue) ?? { previousText: null, nextText: null }),
  }));
}
