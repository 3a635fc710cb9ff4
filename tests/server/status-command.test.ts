/** `libero status` against a real service: the shot table, and clear errors without a token or service. */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/commands/status.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import { fetchProject } from '../../src/server/fetch-project.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';

describe('libero status', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      shots: [
        { name: 'sh010', prompt: 'a bell tower' },
        { name: 'sh020', prompt: null },
      ],
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done');
    await h.server.service.idle();
  });
  afterAll(async () => {
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  it('prints the shot table of a running service', async () => {
    const project = ProjectResponseSchema.parse(
      await fetchProject({ url: h.base, token: h.token }),
    );
    expect(formatStatus(project)).toEqual([
      'timeline: tiny cut (cut.otio, version 1)',
      '  #  shot   status        takes  active    qc   stages',
      '  1  sh010  done          1      take-001  100  still:done video:done upscale:done',
      '  2  sh020  needs-prompt  0      -         -    still:pending video:pending upscale:pending',
    ]);
  });

  it('says what is wrong without the right token or without a service', async () => {
    await expect(fetchProject({ url: h.base, token: 'wrong' })).rejects.toMatchObject({
      code: 'API_UNAUTHORIZED',
      message: expect.stringContaining('answered 401'),
    });
    await expect(fetchProject({ url: 'http://127.0.0.1:9', token: h.token })).rejects.toMatchObject(
      {
        code: 'SERVER_UNREACHABLE',
        message: expect.stringContaining('no libero serve answers at http://127.0.0.1:9'),
      },
    );
  });
});
