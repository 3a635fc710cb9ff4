/**
 * Which take is active (pure): the editor's choice while no newer take has been made since;
 * otherwise the best-scored take among the takes of the shot's current request (ties go to the
 * newest); takes without a QC result count as clean only when no take has one.
 */

/** A take as the choice sees it. */
export interface ScoredTake {
  readonly number: number;
  /** QC score 0..100, or null when not checked. */
  readonly score: number | null;
  /** False for takes made for an earlier prompt or spec: they do not compete. */
  readonly current: boolean;
}

/** Options for {@link chooseActiveTake}. */
export interface ChooseActiveTakeOptions {
  readonly takes: readonly ScoredTake[];
  /** The editor's choice and how many takes there were when it was made, or null. */
  readonly choice: { readonly number: number; readonly takesAtChoice: number } | null;
}

/** The active take's number, or null when the shot has no take. */
export function chooseActiveTake(options: ChooseActiveTakeOptions): number | null {
  const { takes, choice } = options;
  if (takes.length === 0) return null;
  if (
    choice !== null &&
    takes.some((t) => t.number === choice.number) &&
    takes.length <= choice.takesAtChoice
  )
    return choice.number;
  const current = takes.filter((t) => t.current);
  const pool = current.length > 0 ? current : takes;
  const scored = pool.filter((t) => t.score !== null);
  const candidates = scored.length > 0 ? scored : pool;
  let best = candidates[0] as ScoredTake;
  for (const take of candidates) {
    const s = take.score ?? 100;
    const b = best.score ?? 100;
    if (s > b || (s === b && take.number > best.number)) best = take;
  }
  return best.number;
}
