/**
 * The service shows a shot's stand-in: a real `libero serve` generating through two fake ComfyUI
 * hosts that lack the upscale models. The upscale fails on both, generate conforms the shot to
 * its video scaled to the delivery size (not a take), and the service says so: `shot.failed`
 * carries `degraded {reason, previewUrl}`, `GET /api/project` shows it on the shot, the preview
 * URL serves that MP4 (probed: the delivery size), a version loaded later finds it in the cache.
 * Once the hosts have the models, the restarted service upscales for real: a take, no stand-in.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/main.js';
import { probeMedia } from '../../src/media/index.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import type { ServerEvent } from '../../src/server/api-contract.js';
import { createPipelineEngine } from '../../src/server/pipeline-engine.js';
import { FakeComfyUI, OBJECT_INFO } from '../fakes/comfyui/fake-comfyui.js';
import { TINY } from '../comfyui/comfy-test-kit.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';

const SHOT = { name: 'sh010', prompt: 'a ruined street at dawn' };

describe('a shot whose upscale failed on every host, in the service', () => {
  let fakes: FakeComfyUI[] = [];
  let h: Harness | null = null;
  let project: { dir: string; timeline: string } | null = null;
  let scratch = '';

  const generator = () => createGenerator({ env: {}, comfyui: fakes.map((f) => f.url).join(',') });
  const projectBody = async (harness: Harness) =>
    ProjectResponseSchema.parse(await (await harness.api('/api/project')).json());

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'libero-stand-in-'));
    // Neither host has the upscalers: the upscale fails for good everywhere.
    fakes = await Promise.all(
      [0, 1].map(() =>
        new FakeComfyUI({
          ...TINY,
          modelFolders: { upscale_models: ['4x-UltraSharp.pth'] },
        }).start(),
      ),
    );
  });
  afterAll(async () => {
    await h?.close();
    await Promise.all(fakes.map((f) => f.dispose()));
    if (project !== null) await rm(project.dir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  it('sends the stand-in with the failure, shows it on the shot and serves its MP4', async () => {
    const broken = generator();
    h = await startHarness({ shots: [SHOT], generator: { ...broken, concurrency: 1 } });
    project = { dir: h.dir, timeline: h.timeline };
    const socket = await h.events();
    const failed = (await socket.waitFor(
      (e) => e.type === 'shot.failed' && e.shotId === 'sh010',
      60_000,
    )) as Extract<ServerEvent, { type: 'shot.failed' }>;
    expect(failed.stage).toBe('upscale');
    expect(failed.degraded).toEqual({
      reason: expect.stringMatching(/^not upscaled: .*lacks .*OmniSR/) as string,
      previewUrl: expect.stringMatching(/^\/api\/files\/\.libero\/cache\/.+\.mp4$/) as string,
    });
    await h.server.service.idle();

    const shot = (await projectBody(h)).shots[0];
    expect([shot?.status, shot?.takes, shot?.activeTake]).toEqual(['failed', [], null]);
    expect(shot?.degraded).toEqual(failed.degraded);
    // a client that connects now gets it too: on the shot and with the failure
    const late = await h.events();
    const replayed = (await late.waitFor((e) => e.type === 'shot.failed')) as Extract<
      ServerEvent,
      { type: 'shot.failed' }
    >;
    expect(replayed.degraded).toEqual(failed.degraded);
    const loaded = late.events[0] as Extract<ServerEvent, { type: 'timeline.loaded' }>;
    expect(loaded.shots[0]?.degraded).toEqual(failed.degraded);
    late.close();

    // the preview is the video scaled to the delivery size (256x144 stills, x2) at 6 fps
    const res = await h.api(shot?.degraded?.previewUrl ?? '');
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'video/mp4']);
    const file = join(scratch, 'stand-in.mp4');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const video = (await probeMedia(file)).streams[0];
    expect([video?.width, video?.height, video?.frameRate]).toEqual([512, 288, { num: 6, den: 1 }]);

    // the conformed timeline the editor brings back shows the stand-in, marked
    const conformed = await readFile(join(h.dir, 'cut.conformed.otio'), 'utf8');
    expect(conformed).toContain('"degraded": "not upscaled:');
    await h.close();
    h = null;
    broken.close?.();
  }, 120_000);

  it('is found in the cache by a version loaded later (a restart), without running anything', async () => {
    if (project === null) throw new Error('the first test made no project');
    const engine = createPipelineEngine({
      timelinePath: project.timeline,
      generator: generator(),
      now: () => new Date(),
    });
    try {
      const loaded = await engine.load({
        timelineText: await readFile(project.timeline, 'utf8'),
        configText: await readFile(join(dirname(project.timeline), 'libero.json'), 'utf8'),
      });
      const [shot] = loaded.shots;
      expect(shot?.takes).toEqual([]);
      expect(shot?.missing).toEqual(['upscale']);
      expect(shot?.degraded).toEqual({
        reason: expect.stringMatching(/^not upscaled: .*lacks .*OmniSR/) as string,
        file: expect.stringContaining(join(project.dir, '.libero', 'cache')) as string,
      });
    } finally {
      engine.close();
    }
  });

  it('is gone once the hosts have the models: the restarted service upscales and makes take-001', async () => {
    if (project === null) throw new Error('the first test made no project');
    for (const fake of fakes) fake.objectInfo = structuredClone(OBJECT_INFO);
    const fixed = generator();
    h = await startHarness({ shots: [], project, generator: { ...fixed, concurrency: 1 } });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh010', 60_000);
    await h.server.service.idle();
    const shot = (await projectBody(h)).shots[0];
    expect([shot?.status, shot?.activeTake, shot?.takes.length, shot?.degraded]).toEqual([
      'done',
      'take-001',
      1,
      null,
    ]);
    expect(socket.events.filter((e) => e.type === 'shot.failed')).toEqual([]);
    fixed.close?.();
  }, 120_000);
});
