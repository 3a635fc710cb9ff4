/**
 * The service lists the editor's offline media: a real `libero serve` on a cut with a clip of
 * footage on the editor's D: drive that `paths.map` sends to a folder here where the file is not
 * (offline, with the editor's path and where it was looked for, in `GET /api/project` and on the
 * socket's `timeline.loaded`), beside a clip whose media is here (ready: never listed). Once the
 * file is in the mapped folder, the next version lists nothing. A placeholder without a prompt
 * keeps its place in the cut (record time in seconds, not frames).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import type { ServerEvent } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';
import type { TinyShot } from './tiny-project.js';

const FOOTAGE = 'D:\\Footage\\A001_C003.mov';

describe('offline media in the service', () => {
  let h: Harness;
  let media = '';
  let mapped = '';
  let shots: TinyShot[] = [];

  const project = async () =>
    ProjectResponseSchema.parse(await (await h.api('/api/project')).json());

  beforeAll(async () => {
    media = await mkdtemp(join(tmpdir(), 'libero-offline-media-'));
    mapped = join(media, 'footage');
    const ready = join(media, 'B002_C001.mov');
    await writeFile(ready, 'the editor’s footage, here');
    shots = [
      { name: 'sh010', prompt: 'a ruined street at dawn' },
      { name: 'sh015', prompt: null },
      // real footage is often named with a colon: not a prompt
      { name: 'A001_C003: take 2', prompt: null, media: FOOTAGE },
      { name: 'B002_C001', prompt: null, media: ready },
      { name: 'sh020', prompt: 'a mountain path' },
    ];
    h = await startHarness({
      shots,
      config: { paths: { map: [{ from: 'D:\\Footage', to: mapped }] } },
    });
    await h.server.service.idle();
  });
  afterAll(async () => {
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
    await rm(media, { recursive: true, force: true });
  });

  it('lists the offline clip with the editor’s path and where it was looked for, never the ready one', async () => {
    const body = await project();
    const lookedFor = join(mapped, 'A001_C003.mov');
    expect(body.offline).toEqual([
      {
        clipName: 'A001_C003: take 2',
        trackName: 'V1',
        start: 2,
        editorPath: FOOTAGE,
        localPath: lookedFor,
        reason: `missing file ${lookedFor}`,
      },
    ]);
    // neither media clip is a shot; the placeholder without a prompt sits at 1 s, before sh020 at 4 s
    expect(body.shots.map((s) => [s.id, s.index, s.status])).toEqual([
      ['sh010', 0, 'done'],
      ['sh015', 1, 'needs-prompt'],
      ['sh020', 2, 'done'],
    ]);
    expect(body.shots.map((s) => s.degraded)).toEqual([null, null, null]);

    // a client that connects now gets the same list on timeline.loaded
    const late = await h.events();
    const loaded = (await late.waitFor((e) => e.type === 'timeline.loaded')) as Extract<
      ServerEvent,
      { type: 'timeline.loaded' }
    >;
    expect(loaded.offline).toEqual(body.offline);
    late.close();
  });

  it('lists nothing once the file is in the mapped folder (the next version)', async () => {
    await mkdir(mapped, { recursive: true });
    await writeFile(join(mapped, 'A001_C003.mov'), 'found');
    const socket = await h.events();
    await saveByRename(h.timeline, tinyTimeline(shots, 'tiny cut, footage copied'));
    const loaded = (await socket.waitFor(
      (e) => e.type === 'timeline.loaded' && e.timeline.name === 'tiny cut, footage copied',
    )) as Extract<ServerEvent, { type: 'timeline.loaded' }>;
    expect(loaded.offline).toEqual([]);
    expect((await project()).offline).toEqual([]);
  });
});
