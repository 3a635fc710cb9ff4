/**
 * The same port against a real ComfyUI host, opt-in (GPU tier): set
 * LIBERO_TEST_COMFYUI_URL=http://gpu1:8188 (a host with the node packs and model files the
 * templates name). Runs the still stage through the pool and checks the image and the
 * provenance; skipped without the variable.
 */
import { describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { comfyKit, NO_OPTIONS, stageRequest } from './comfy-test-kit.js';

const url = process.env['LIBERO_TEST_COMFYUI_URL'];

describe.skipIf(url === undefined)('a real ComfyUI host', () => {
  it(
    'makes a 768x432 still with the production values',
    async () => {
      const kit = await comfyKit(0);
      try {
        const pool = kit.backend({
          hosts: [url as string],
          timing: { stageTimeoutMs: 30 * 60_000, stallTimeoutMs: 10 * 60_000 },
        });
        const result = await pool.run(
          stageRequest({ shotId: 'real', stage: 'still', outputDir: await kit.outDir('real') }),
          NO_OPTIONS,
        );
        const still = (await probeMedia(result.file)).streams[0];
        expect([still?.width, still?.height]).toEqual([768, 432]);
        expect(result.provenance['models']).toContain('flux1-dev.safetensors');
      } finally {
        await kit.close();
      }
    },
    40 * 60_000,
  );
});
