import { describe, expect, it } from 'vitest';
import { chooseActiveTake } from './choose-active-take.js';
import type { ScoredTake } from './choose-active-take.js';

const t = (number: number, score: number | null, current = true): ScoredTake => ({
  number,
  score,
  current,
});

describe('chooseActiveTake', () => {
  it.each([
    // no takes
    [[], null, null],
    // the best score wins when the editor has not chosen
    [[t(1, 100), t(2, 70)], null, 1],
    // ties go to the newest
    [[t(1, 100), t(2, 100)], null, 2],
    // unchecked takes lose to checked ones
    [[t(1, 85), t(2, null)], null, 1],
    // nothing checked: the newest
    [[t(1, null), t(2, null)], null, 2],
    // takes of an earlier prompt do not compete
    [[t(1, 100, false), t(2, 60)], null, 2],
    // the editor's choice wins while no newer take exists
    [[t(1, 40), t(2, 100)], { number: 1, takesAtChoice: 2 }, 1],
    // a newer take since the choice: back to the best score
    [[t(1, 40), t(2, 100), t(3, 70)], { number: 1, takesAtChoice: 2 }, 2],
  ] as const)('%j with choice %j -> %s', (takes, choice, expected) => {
    expect(chooseActiveTake({ takes, choice })).toBe(expected);
  });
});
