/**
 * The comment (or Resolve note) of a `regen` marker: what the editor wants different in the new
 * take. Grammar (README "Shots, takes and markers"):
 *
 *   note   := [free text] { sep field ":" value }
 *   field  := prompt | negative | seed | motion | camera     (case-insensitive)
 *   sep    := start of the note, ",", ";" or a new line
 *
 * Text before the first field is added to the shot's prompt ("darker, more fog" keeps the shot's
 * description and asks for more); `prompt:` replaces the prompt. A field's value runs until the
 * next field (so commas inside a prompt or a motion are kept). `seed: 42` must be a whole number. An empty note
 * changes nothing. Examples: `more smoke, seed: 42`, `prompt: a roadblock at dusk`, `motion: slow pan left, then tilt
 * up`, `seed: 7; motion: handheld`.
 */

/** The fields a regen note sets. */
export interface RegenNote {
  /** Free text: appended to the shot's prompt. */
  addition?: string;
  /** `prompt:`: replaces the shot's prompt. */
  prompt?: string;
  negativePrompt?: string;
  seed?: number;
  motion?: string;
}

/** Options for {@link parseRegenNote}. */
export interface ParseRegenNoteResult {
  readonly note: RegenNote;
  /** Problems (e.g. a seed that is not a number), for the shot's problem list. */
  readonly problems: readonly string[];
}

const FIELD_KEYS: Readonly<Record<string, 'prompt' | 'negativePrompt' | 'seed' | 'motion'>> = {
  prompt: 'prompt',
  negative: 'negativePrompt',
  negative_prompt: 'negativePrompt',
  seed: 'seed',
  motion: 'motion',
  camera: 'motion',
};

const FIELD_AT = /(^|[,;\n])\s*(prompt|negative[ _]prompt|negative|seed|motion|camera)\s*:/gi;

function clean(text: string): string {
  return text.trim().replace(/^[,;\s]+|[,;\s]+$/g, '');
}

/** Parses a regen marker's note; pure. */
export function parseRegenNote(text: string): ParseRegenNoteResult {
  const note: RegenNote = {};
  const problems: string[] = [];
  const found: { key: string; start: number; valueStart: number }[] = [];
  for (const m of text.matchAll(FIELD_AT)) {
    const key = (m[2] as string).toLowerCase().replace(' ', '_');
    found.push({ key, start: m.index, valueStart: m.index + m[0].length });
  }
  const head = clean(text.slice(0, found[0]?.start ?? text.length));
  if (head !== '') note.addition = head;
  found.forEach((f, i) => {
    const value = clean(text.slice(f.valueStart, found[i + 1]?.start ?? text.length));
    const field = FIELD_KEYS[f.key];
    if (field === undefined || value === '') return;
    if (field === 'seed') {
      if (/^\d+$/.test(value) && Number.isSafeInteger(Number(value))) note.seed = Number(value);
      else problems.push(`regen note: "seed" should be a whole number, got "${value}"`);
      return;
    }
    note[field] = value;
  });
  return { note, problems };
}
