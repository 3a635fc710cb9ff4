/** Take keys in a clip's media references (`take-001`, `take-002`, ...) and the active-take rule. */

/** `take-001` for take 1. */
export function takeKey(number: number): string {
  return `take-${String(number).padStart(3, '0')}`;
}

/** The take number of a `take-NNN` key, or null for any other key. */
export function takeNumberOf(key: string): number | null {
  const match = /^take-(\d{3,})$/.exec(key);
  return match === null ? null : Number(match[1]);
}

/** Options for {@link activeTakeNumber}. */
export interface ActiveTakeOptions {
  /** The shot's take numbers. */
  readonly takes: readonly number[];
  /** The editor's choice and how many takes there were when it was made, or null. */
  readonly choice: { readonly number: number; readonly takesAtChoice: number } | null;
}

/**
 * The take to show: the editor's choice while no newer take has been made since, else the
 * newest. Null when the shot has no take.
 */
export function activeTakeNumber(options: ActiveTakeOptions): number | null {
  if (options.takes.length === 0) return null;
  const newest = Math.max(...options.takes);
  const { choice } = options;
  if (
    choice !== null &&
    options.takes.includes(choice.number) &&
    options.takes.length <= choice.takesAtChoice
  )
    return choice.number;
  return newest;
}
