/** `--auto-render`: the conformed timeline is rendered once every shot is done, again after a change. */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { saveByRename, tinyTimeline } from './tiny-project.js';

describe('libero serve --auto-render', () => {
  let h: Harness | null = null;
  afterAll(async () => {
    await h?.close();
    if (h !== null) await rm(h.dir, { recursive: true, force: true });
  });

  it('renders when every shot is done, and renders again after the editor changes a shot', async () => {
    h = await startHarness({
      shots: [{ name: 'sh010', prompt: 'a field of wheat' }],
      autoRender: true,
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'render.done' && e.renderId === 'render-1', 60_000);
    const types = socket.events.map((e) => e.type);
    expect(types.lastIndexOf('shot.done')).toBeLessThan(types.indexOf('render.progress'));
    const master = join(h.dir, 'out', 'cut.mp4');
    expect(existsSync(master)).toBe(true);
    const probed = await probeMedia(master);
    expect(probed.streams.find((s) => s.kind === 'video')).toMatchObject({
      width: 320,
      height: 180,
    });

    await saveByRename(
      h.timeline,
      tinyTimeline([{ name: 'sh010', prompt: 'a field of wheat in the wind' }]),
    );
    await socket.waitFor((e) => e.type === 'render.done' && e.renderId === 'render-2', 60_000);
    const after = socket.events.slice(types.length).map((e) => e.type);
    expect(after.indexOf('shot.done')).toBeLessThan(after.indexOf('render.progress'));
    expect(socket.events.filter((e) => e.type === 'render.failed')).toEqual([]);
  }, 120_000);
});
