import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bringBack,
  nextTimelineName,
  placeRegenMarker,
  sendTimeline,
} from '../../plugin/lib/index.js';
import { createResolveStandIn } from '../fakes/resolve-stand-in.js';

const rt = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: 24, value });
const clip = (name: string, frames: number, target: string | null) => ({
  OTIO_SCHEMA: 'Clip.2',
  name,
  markers: [],
  effects: [],
  enabled: true,
  metadata: {},
  source_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(0), duration: rt(frames) },
  media_references: {
    DEFAULT_MEDIA:
      target === null
        ? { OTIO_SCHEMA: 'MissingReference.1', name: name, metadata: {} }
        : { OTIO_SCHEMA: 'ExternalReference.1', name: name, target_url: target, metadata: {} },
  },
  active_media_reference_key: 'DEFAULT_MEDIA',
});
const cut = (clips: object[]) => ({
  OTIO_SCHEMA: 'Timeline.1',
  name: 'trailer',
  metadata: {},
  tracks: {
    OTIO_SCHEMA: 'Stack.1',
    name: 'tracks',
    children: [
      {
        OTIO_SCHEMA: 'Track.1',
        name: 'V1',
        kind: 'Video',
        children: clips,
        markers: [],
        effects: [],
        metadata: {},
      },
    ],
  },
});

describe('plugin actions against the Resolve stand-in', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-plugin-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the current timeline as OTIO by export to a temp name and rename', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, null)]),
      projectName: 'Partigiano',
    });
    const target = join(dir, 'trailer.otio');
    const sent = await sendTimeline({ resolve: standIn.resolve, target });
    expect(sent).toMatchObject({ timeline: 'trailer', file: target });
    expect(JSON.parse(await readFile(target, 'utf8'))).toMatchObject({
      OTIO_SCHEMA: 'Timeline.1',
      name: 'trailer',
    });
    const exportCall = standIn.calls.find((c) => c.method === 'Export');
    expect(exportCall?.args[0]).not.toBe(target);
    expect(exportCall?.args.slice(1)).toEqual([17, 0]);
    expect(await readdir(dir)).toEqual(['trailer.otio']);
  });

  it.each([
    // free edition: no scripting object
    [{ timeline: null, projectName: null, free: true }, 'RESOLVE_API_UNAVAILABLE', /Studio/],
    [{ timeline: null, projectName: null }, 'RESOLVE_NO_PROJECT', /No project is open/],
    [
      { timeline: null, projectName: 'Partigiano' },
      'RESOLVE_NO_TIMELINE',
      /No timeline is open in project "Partigiano"/,
    ],
  ])('refuses clearly: %j', async (options, code, message) => {
    const standIn = createResolveStandIn(options);
    await expect(
      sendTimeline({ resolve: standIn.resolve, target: join(dir, 'x.otio') }),
    ).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('reports a failed export and leaves no temp file', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('a', 24, null)]),
      projectName: 'P',
    });
    await writeFile(join(dir, 'blocker'), '');
    await expect(
      sendTimeline({ resolve: standIn.resolve, target: join(dir, 'blocker', 'x.otio') }),
    ).rejects.toMatchObject({
      code: 'RESOLVE_EXPORT_FAILED',
      message: expect.stringContaining('blocker'),
    });
    // Resolve itself answering False is the same error.
    const noOtio = createResolveStandIn({
      timeline: cut([clip('a', 24, null)]),
      projectName: 'P',
      exportFails: true,
    });
    await expect(
      sendTimeline({ resolve: noOtio.resolve, target: join(dir, 'x.otio') }),
    ).rejects.toMatchObject({
      code: 'RESOLVE_EXPORT_FAILED',
    });
    expect(await readdir(dir)).toEqual(['blocker']);
  });

  it('places a regen marker on the clip under the playhead, on a free frame, and the export carries it', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, null), clip('shot-b', 48, null)]),
      projectName: 'P',
    });
    standIn.current()!.playhead = 1;
    expect(placeRegenMarker({ resolve: standIn.resolve, note: 'seed: 42' })).toEqual({
      clip: 'shot-b',
      frame: 0,
    });
    expect(placeRegenMarker({ resolve: standIn.resolve, note: '' })).toEqual({
      clip: 'shot-b',
      frame: 1,
    });
    const target = join(dir, 'trailer.otio');
    await sendTimeline({ resolve: standIn.resolve, target });
    const exported = JSON.parse(await readFile(target, 'utf8'));
    const markers = exported.tracks.children[0].children[1].markers;
    expect(markers.map((m: { name: string; comment: string }) => [m.name, m.comment])).toEqual([
      ['regen', 'seed: 42'],
      ['regen', ''],
    ]);
    standIn.current()!.playhead = null;
    expect(() => placeRegenMarker({ resolve: standIn.resolve, note: '' })).toThrow(
      /No clip is under the playhead/,
    );
  });

  it('names brought-back timelines with the next free version', () => {
    expect(nextTimelineName('trailer', ['trailer'])).toBe('trailer libero v1');
    expect(nextTimelineName('trailer', ['trailer', 'trailer libero v1', 'trailer libero v3'])).toBe(
      'trailer libero v2',
    );
  });

  it('brings back the conformed timeline as a new timeline linked to media in a libero bin', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, null)]),
      projectName: 'P',
    });
    const take = join(dir, 'take-001.mp4');
    await writeFile(take, 'not really a video');
    const render = join(dir, 'trailer.mp4');
    await writeFile(render, 'nor this');
    const conformed = join(dir, 'trailer.conformed.otio');
    await writeFile(
      conformed,
      JSON.stringify(cut([clip('shot-a', 24, take), clip('shot-b', 24, join(dir, 'gone.mp4'))])),
    );
    const first = await bringBack({
      resolve: standIn.resolve,
      conformedPath: conformed,
      baseName: 'trailer',
      mediaFiles: [take, join(dir, 'gone.mp4')],
      renderPath: render,
    });
    expect(first).toEqual({ timeline: 'trailer libero v1', offline: ['shot-b'], render: true });
    expect(standIn.current()!.GetName()).toBe('trailer libero v1');
    const importCall = standIn.calls.find((c) => c.method === 'ImportTimelineFromFile');
    expect(importCall?.args[1]).toMatchObject({
      timelineName: 'trailer libero v1',
      importSourceClips: false,
    });
    const second = await bringBack({
      resolve: standIn.resolve,
      conformedPath: conformed,
      baseName: 'trailer',
      mediaFiles: [take],
      renderPath: null,
    });
    expect(second.timeline).toBe('trailer libero v2');
    // the editor's original timeline is still there, untouched
    expect(standIn.timelines.map((t) => t.GetName())).toEqual([
      'trailer',
      'trailer libero v1',
      'trailer libero v2',
    ]);
  });

  it('says when there is nothing to bring back yet', async () => {
    const standIn = createResolveStandIn({ timeline: cut([]), projectName: 'P' });
    await expect(
      bringBack({
        resolve: standIn.resolve,
        conformedPath: join(dir, 'none.otio'),
        baseName: 't',
        mediaFiles: [],
        renderPath: null,
      }),
    ).rejects.toMatchObject({ code: 'RESOLVE_IMPORT_FAILED' });
  });
});
