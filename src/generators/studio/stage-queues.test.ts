import { describe, expect, it } from 'vitest';
import { redisConnection, stageFrames, studioPriority, withoutPassword } from './stage-queues.js';

describe('studioPriority', () => {
  it.each([
    // an editor's request beats all batch work
    [{ editor: true, stage: 'upscale', frames: 500, rank: 40 }, 1],
    // a project's first still
    [{ editor: false, stage: 'still', frames: 1, rank: 0 }, 100_002],
    // any video comes after every still
    [{ editor: false, stage: 'video', frames: 120, rank: 0 }, 240_002],
    // a short video after a long one of any project, however early it was queued
    [{ editor: false, stage: 'video', frames: 30, rank: 0 }, 260_002],
    // the third waiting long video of a project
    [{ editor: false, stage: 'video', frames: 120, rank: 2 }, 240_004],
    [{ editor: false, stage: 'upscale', frames: 97, rank: 1 }, 440_003],
  ] as const)('%o -> %d', (options, expected) => {
    expect(studioPriority(options)).toBe(expected);
  });

  it('keeps stages apart and stays within BullMQ priorities', () => {
    const lastStill = studioPriority({ editor: false, stage: 'still', frames: 1, rank: 1e9 });
    const firstVideo = studioPriority({ editor: false, stage: 'video', frames: 1e6, rank: 0 });
    expect(lastStill).toBeLessThan(firstVideo);
    const last = studioPriority({ editor: false, stage: 'upscale', frames: 0, rank: 1e9 });
    expect(last).toBeLessThanOrEqual(2 ** 21);
  });
});

describe('stageFrames', () => {
  it('reads the cost of a stage from its parameters', () => {
    expect(stageFrames('still', { frames: 99 })).toBe(1);
    expect(stageFrames('video', { frames: 49 })).toBe(49);
    expect(stageFrames('upscale', { fps: 12, trimFrames: 36 })).toBe(36);
    expect(stageFrames('upscale', { fps: 12 })).toBe(1);
  });
});

describe('redisConnection', () => {
  it('reads host, port, credentials and db from the URL', () => {
    expect(redisConnection('redis://u:p%40ss@farm:6380/2')).toEqual({
      host: 'farm',
      port: 6380,
      username: 'u',
      password: 'p@ss',
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(redisConnection('rediss://farm')).toMatchObject({ port: 6379, db: 0, tls: {} });
  });

  it('names the setting when the URL is not a Redis URL', () => {
    expect(() => redisConnection('http://farm:6379')).toThrow(
      /"http:\/\/farm:6379" is not a Redis URL .* LIBERO_REDIS_URL/,
    );
    expect(withoutPassword('redis://u:secret@farm:6379')).toBe('redis://u@farm:6379');
  });
});
