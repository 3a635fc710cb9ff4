/**
 * A shot longer than one CogVideoX clip is chained on the last frame and joined, dropping each
 * chained clip's repeated frame 0, unless the host reported that the clip does not start on
 * its input frame (the wrapper dropped a first latent): then the join keeps it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/main.js';
import { extractFrames, probeMedia } from '../../src/media/index.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { writeToString } from '../../src/timeline/index.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { buildTimeline } from '../shots/build-timeline.js';
import { TINY } from './comfy-test-kit.js';

let dir = '';
let fake: FakeComfyUI;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-chained-'));
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({ stillWidth: 128, stillHeight: 64, comfyui: { handles: 0 } }),
  );
  // 11 s at 24 fps: more than one 10 s clip of CogVideoX
  const cut = buildTimeline([
    { name: 'sc01', frames: 264, libero: { prompt: 'Italy, 1944, a long road' } },
  ]);
  writeFileSync(join(dir, 'cut.otio'), writeToString(cut) + '\n');
  fake = await new FakeComfyUI({ ...TINY, mediaScale: 1 / 32, dropsFirstLatent: true }).start();
});

afterAll(async () => {
  await fake.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Cache entries (file, provenance) of one kind of step. */
function cached(kind: string): Array<{ file: string; params: Record<string, unknown> }> {
  const root = join(dir, '.libero', 'cache');
  return readdirSync(root).flatMap((sub) =>
    readdirSync(join(root, sub))
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const p = JSON.parse(readFileSync(join(root, sub, f), 'utf8')) as {
          kind: string;
          params: Record<string, unknown>;
        };
        return p.kind === kind
          ? [{ file: join(root, sub, f.replace(/\.json$/, '.mp4')), params: p.params }]
          : [];
      }),
  );
}

describe('joining chained CogVideoX clips', () => {
  it("keeps a chained clip's frame 0 when it is not the previous clip's last frame", async () => {
    const generator = createGenerator({ env: {}, comfyui: fake.url });
    try {
      const result = await generateProject({
        project: await loadProject(join(dir, 'cut.otio')),
        generator,
        shotIds: null,
        state: null,
        signal: null,
        onEvent: null,
        now: () => new Date(),
      });
      expect(result.shots[0]?.status).toBe('generated');
    } finally {
      generator.close?.();
    }
    const videos = cached('video');
    expect(videos).toHaveLength(2);
    const first = videos.find((v) => v.params['segment'] === 0)!;
    const firstFrames = (await probeMedia(first.file)).streams[0]!.frameCount as number;
    const [joined] = cached('join');
    const frames = await extractFrames({ path: joined!.file, width: 8, height: 4, signal: null });
    const mean = (f: Buffer) => f.reduce((a, b) => a + b, 0) / f.length;
    // frame 0 of the second clip (black from the fake) follows the first clip's frames
    expect(mean(frames[firstFrames]!)).toBeLessThan(20);
    expect(mean(frames[firstFrames - 1]!)).toBeGreaterThan(40);
  }, 120_000);
});
