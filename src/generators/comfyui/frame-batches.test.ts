import { describe, expect, it } from 'vitest';
import { frameBatches } from './frame-batches.js';

describe('frameBatches', () => {
  it.each([
    // whole clip, 81 frames in 24s
    [
      { total: 81, used: null, handles: 12, batchSize: 24 },
      [
        [0, 24],
        [24, 24],
        [48, 24],
        [72, 9],
      ],
    ],
    // the cut uses 40..59: with 12 handles, 28..71
    [
      { total: 81, used: { start: 40, count: 20 }, handles: 12, batchSize: 24 },
      [
        [28, 24],
        [52, 20],
      ],
    ],
    // handles clamped at both ends
    [
      { total: 33, used: { start: 5, count: 25 }, handles: 12, batchSize: 24 },
      [
        [0, 24],
        [24, 9],
      ],
    ],
    // 4K: 5 frames per batch
    [
      { total: 12, used: null, handles: 0, batchSize: 5 },
      [
        [0, 5],
        [5, 5],
        [10, 2],
      ],
    ],
    // nothing used
    [{ total: 33, used: { start: 40, count: 0 }, handles: 0, batchSize: 24 }, []],
  ])('%j', (options, expected) => {
    expect(frameBatches(options).map((b) => [b.start, b.count])).toEqual(expected);
  });
});
