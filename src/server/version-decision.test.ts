import { describe, expect, it } from 'vitest';
import type { EngineShot } from './project-engine.js';
import { decideShot, stillWanted } from './version-decision.js';

const shot = (over: Partial<EngineShot> = {}): EngineShot => ({
  id: 'sh010',
  name: 'sh010',
  index: 0,
  prompt: 'p',
  seed: 1,
  motion: null,
  needsPrompt: false,
  workKey: 'k1',
  regen: 0,
  missing: ['still', 'video', 'upscale'],
  takes: [],
  activeTake: null,
  degraded: null,
  ...over,
});

describe('stillWanted', () => {
  it.each([
    // same work key: keep running
    [{ workKey: 'k1', fromApi: false }, shot(), true],
    // the editor changed the prompt: the work key moved
    [{ workKey: 'k0', fromApi: false }, shot(), false],
    // the clip was removed
    [{ workKey: 'k1', fromApi: false }, undefined, false],
    // the prompt was removed
    [{ workKey: 'k1', fromApi: false }, shot({ needsPrompt: true }), false],
    // an API regenerate survives an unrelated export
    [{ workKey: 'k0', fromApi: true }, shot(), true],
    [{ workKey: 'k0', fromApi: true }, undefined, false],
  ])('%j on %j -> %s', (work, s, expected) => {
    expect(stillWanted(work, s)).toBe(expected);
  });
});

describe('decideShot', () => {
  it.each([
    // a placeholder without a prompt is listed, never generated
    [shot({ needsPrompt: true }), undefined, false, { kind: 'needs-prompt' }],
    // everything in the cache
    [shot({ missing: [] }), undefined, true, { kind: 'done' }],
    // a new clip
    [shot(), undefined, false, { kind: 'queue', reason: 'new' }],
    // the first version after a restart, some stages done: resume
    [shot({ missing: ['video', 'upscale'] }), undefined, true, { kind: 'queue', reason: 'resume' }],
    // the first version, nothing done yet
    [shot(), undefined, true, { kind: 'queue', reason: 'new' }],
    // one more regen marker than before
    [shot({ regen: 1, workKey: 'k2' }), shot(), false, { kind: 'queue', reason: 'regen' }],
    // prompt or seed changed
    [shot({ workKey: 'k2' }), shot(), false, { kind: 'queue', reason: 'changed' }],
  ])('%#', (s, before, first, expected) => {
    expect(decideShot({ shot: s, before, first, stageCount: 3 })).toEqual(expected);
  });
});
