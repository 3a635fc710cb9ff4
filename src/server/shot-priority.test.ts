import { describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../main.js';
import { shotPriority } from './shot-priority.js';

describe('shotPriority', () => {
  const asks: string[][] = [];
  const generator = {
    ...createDraftGenerator({}),
    prioritize: (ids: readonly string[]) => void asks.push([...ids]),
  };

  it('keeps prioritize from batch jobs and names every urgent shot in flight', () => {
    const p = shotPriority(generator);
    expect(p.calm.prioritize).toBeNull();
    expect(p.calm.backend).toBe(generator.backend);
    const a = p.urgent();
    const b = p.urgent();
    a.generator.prioritize?.(['sh010']);
    b.generator.prioritize?.(['sh030']);
    a.release();
    const c = p.urgent();
    c.generator.prioritize?.(['sh040']);
    b.release();
    b.generator.prioritize?.(['sh030']);
    expect(asks).toEqual([['sh010'], ['sh010', 'sh030'], ['sh030', 'sh040']]);
  });

  it('gives a generator without a queue to reorder as it is', () => {
    const p = shotPriority(createDraftGenerator({}));
    expect(p.urgent().generator.prioritize).toBeNull();
  });
});
