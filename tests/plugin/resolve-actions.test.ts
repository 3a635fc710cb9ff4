import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bringBack,
  connectResolve,
  createPluginActions,
  guardApiTimeout,
  serviceClient,
  nextTimelineName,
  placeRegenMarker,
  sendTimeline,
} from '../../plugin/lib/index.js';
import { createResolveStandIn } from '../fakes/resolve-stand-in.js';

const rt = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: 24, value });
/** A clip showing `frames` of its media from `head` on (media of `media` frames). */
const clip = (
  name: string,
  frames: number,
  target: string | null,
  trim: { head: number; media: number } = { head: 0, media: frames },
) => ({
  OTIO_SCHEMA: 'Clip.2',
  name,
  markers: [],
  effects: [],
  enabled: true,
  metadata: {},
  source_range: { OTIO_SCHEMA: 'TimeRange.1', start_time: rt(trim.head), duration: rt(frames) },
  media_references: {
    DEFAULT_MEDIA:
      target === null
        ? { OTIO_SCHEMA: 'MissingReference.1', name: name, metadata: {} }
        : {
            OTIO_SCHEMA: 'ExternalReference.1',
            name: name,
            target_url: target,
            metadata: {},
            available_range: {
              OTIO_SCHEMA: 'TimeRange.1',
              start_time: rt(0),
              duration: rt(trim.media),
            },
          },
  },
  active_media_reference_key: 'DEFAULT_MEDIA',
});
const cut = (clips: object[]) => ({
  OTIO_SCHEMA: 'Timeline.1',
  name: 'trailer',
  metadata: {},
  global_start_time: rt(86400),
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

  it('says exactly that EXPORT_OTIO is missing from this binding', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('a', 24, null)]),
      projectName: 'P',
      noOtioExport: true,
    });
    const target = join(dir, 'x.otio');
    await expect(sendTimeline({ resolve: standIn.resolve, target })).rejects.toMatchObject({
      code: 'RESOLVE_EXPORT_FAILED',
      message: expect.stringMatching(
        /\(20\.2\.0\.0\) does not offer resolve\.EXPORT_OTIO to Workflow Integration plugins[\s\S]*File > Export > Timeline > OpenTimelineIO into .*x\.otio/,
      ),
    });
    expect(standIn.calls.some((c) => c.method === 'Export')).toBe(false);
  });

  it('retries a rename over a file held open (Windows EPERM), then names the file', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('a', 24, null)]),
      projectName: 'P',
    });
    const target = join(dir, 'trailer.otio');
    const { rename } = await import('node:fs/promises');
    let tries = 0;
    const lockedTwice = async (from: string, to: string) => {
      tries += 1;
      if (tries <= 2) throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      await rename(from, to);
    };
    await sendTimeline({
      resolve: standIn.resolve,
      target,
      renameFile: lockedTwice,
      retryDelaysMs: [1, 1, 1],
    });
    expect(tries).toBe(3);
    expect(JSON.parse(await readFile(target, 'utf8')).name).toBe('trailer');
    const alwaysLocked = async () => {
      throw Object.assign(new Error('resource busy'), { code: 'EBUSY' });
    };
    await expect(
      sendTimeline({
        resolve: standIn.resolve,
        target,
        renameFile: alwaysLocked,
        retryDelaysMs: [1, 1],
      }),
    ).rejects.toMatchObject({
      code: 'RESOLVE_EXPORT_FAILED',
      message: expect.stringContaining(
        `Cannot replace ${target}: another program keeps it open (EBUSY, 3 tries)`,
      ),
    });
    // the temp export is cleaned up; the earlier version stays whole
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

  it('puts the regen marker at the playhead inside a head-trimmed clip, and the export carries it inside the clip', async () => {
    const media = join(dir, 'b.mov');
    // shot-b shows media frames 40..63 of 100 (40 frames trimmed at the head)
    const standIn = createResolveStandIn({
      timeline: cut([
        clip('shot-a', 24, null),
        clip('shot-b', 24, media, { head: 40, media: 100 }),
      ]),
      projectName: 'P',
    });
    const timeline = standIn.current()!;
    // the playhead 5 frames into shot-b (which starts at record frame 86400 + 24)
    timeline.playheadFrame = 86400 + 24 + 5;
    expect(placeRegenMarker({ resolve: standIn.resolve, note: 'seed: 42' })).toEqual({
      clip: 'shot-b',
      frame: 45,
    });
    // a second marker at the same playhead takes the next free frame, still inside the clip
    expect(placeRegenMarker({ resolve: standIn.resolve, note: '' })).toEqual({
      clip: 'shot-b',
      frame: 46,
    });
    const target = join(dir, 'trailer.otio');
    await sendTimeline({ resolve: standIn.resolve, target });
    const exported = JSON.parse(await readFile(target, 'utf8'));
    const shotB = exported.tracks.children[0].children[1];
    const visible = [shotB.source_range.start_time.value, shotB.source_range.start_time.value + 24];
    const markers = shotB.markers as {
      name: string;
      comment: string;
      marked_range: { start_time: { value: number } };
    }[];
    expect(markers.map((m) => [m.name, m.comment, m.marked_range.start_time.value])).toEqual([
      ['regen', 'seed: 42', 45],
      ['regen', '', 46],
    ]);
    for (const m of markers) {
      expect(m.marked_range.start_time.value).toBeGreaterThanOrEqual(visible[0]!);
      expect(m.marked_range.start_time.value).toBeLessThan(visible[1]!);
    }
    timeline.playheadFrame = 86400 + 100;
    expect(() => placeRegenMarker({ resolve: standIn.resolve, note: '' })).toThrow(
      /No clip is under the playhead/,
    );
  });

  it('the stand-in refuses what Resolve refuses', () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, join(dir, 'a.mov'), { head: 10, media: 50 })]),
      projectName: 'P',
    });
    type Item = { AddMarker: (...a: unknown[]) => boolean };
    type Tl = { GetItemListInTrack: (k: string, i: number) => Item[] };
    const resolve = standIn.resolve as unknown as {
      GetProjectManager: () => {
        GetCurrentProject: () => {
          GetCurrentTimeline: () => Tl;
          GetMediaPool: () => {
            ImportTimelineFromFile: (p: string, o: object) => unknown;
            SetCurrentFolder: (f: object) => boolean;
          };
        };
      };
    };
    const project = resolve.GetProjectManager().GetCurrentProject();
    const item = project.GetCurrentTimeline().GetItemListInTrack('video', 1)[0]!;
    expect(item.AddMarker(50, 'Red', 'regen', '', 1)).toBe(false); // past the media's end
    expect(item.AddMarker(-1, 'Red', 'regen', '', 1)).toBe(false);
    expect(item.AddMarker(12, 'Orange', 'regen', '', 1)).toBe(false); // a clip colour, not a marker colour
    expect(item.AddMarker(2, 'Red', 'regen', '', 1)).toBe(true); // in the media, before the clip: Resolve takes it
    expect(item.AddMarker(2, 'Red', 'regen', '', 1)).toBe(false); // taken
    const pool = project.GetMediaPool();
    expect(pool.ImportTimelineFromFile(join(dir, 'x.otio'), { importSourceClip: true })).toBeNull();
    expect(pool.SetCurrentFolder({ GetName: () => 'libero' })).toBe(false);
    expect(standIn.refusals).toEqual([
      'AddMarker: frameId 50 is outside the media of "shot-a" (0..49)',
      'AddMarker: frameId -1 is outside the media of "shot-a" (0..49)',
      'AddMarker: no marker colour "Orange"',
      'AddMarker: frame 2 of "shot-a" has a marker',
      'ImportTimelineFromFile: unknown option "importSourceClip"',
      'SetCurrentFolder: not a folder of this pool',
    ]);
  });

  it('names brought-back timelines with the next free version', () => {
    expect(nextTimelineName('trailer', ['trailer'])).toBe('trailer libero v1');
    expect(nextTimelineName('trailer', ['trailer', 'trailer libero v1', 'trailer libero v3'])).toBe(
      'trailer libero v2',
    );
  });

  it('brings back with the takes online, imports no file twice, and gives the editor their bin back', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, null)]),
      projectName: 'P',
    });
    const takes = join(dir, 'shots');
    await mkdir(join(takes, 'sh010'), { recursive: true });
    await mkdir(join(takes, 'sh020'), { recursive: true });
    const takeA = join(takes, 'sh010', 'take-001.mp4');
    const takeB = join(takes, 'sh020', 'take-002.mp4');
    await writeFile(takeA, 'a take');
    await writeFile(takeB, 'another take');
    const render = join(dir, 'trailer.mp4');
    await writeFile(render, 'the master');
    const conformed = join(dir, 'trailer.conformed.otio');
    await writeFile(
      conformed,
      JSON.stringify(
        cut([
          clip('shot-a', 24, takeA),
          clip('shot-b', 24, takeB),
          clip('shot-c', 24, join(takes, 'sh030', 'take-001.mp4')),
        ]),
      ),
    );
    const options = {
      resolve: standIn.resolve,
      conformedPath: conformed,
      baseName: 'trailer',
      takesFolder: takes,
      renderPath: render,
    };
    const editorsBin = standIn.currentFolder();
    const first = await bringBack(options);
    expect(first).toEqual({
      timeline: 'trailer libero v1',
      bin: 'libero',
      online: [
        { clip: 'shot-a', file: takeA },
        { clip: 'shot-b', file: takeB },
      ],
      // not on disk; Resolve's search by name found sh010's take-001.mp4, which is not this shot's
      offline: [{ clip: 'shot-c', file: join(takes, 'sh030', 'take-001.mp4') }],
      render: true,
    });
    const importCall = standIn.calls.find((c) => c.method === 'ImportTimelineFromFile');
    expect(importCall?.args[1]).toEqual({
      timelineName: 'trailer libero v1',
      importSourceClips: true,
      sourceClipsPath: takes,
    });
    expect(standIn.current()!.name).toBe('trailer libero v1');
    expect(standIn.currentFolder()).toBe(editorsBin);
    const second = await bringBack(options);
    expect(second).toMatchObject({ timeline: 'trailer libero v2', render: true });
    expect(second.online.map((o) => o.file)).toEqual([takeA, takeB]);
    // every file came into the pool exactly once, into the libero bin
    expect(standIn.importedFiles).toEqual([takeA, takeB, render]);
    expect(standIn.root.subfolders.map((f) => [f.name, f.clips.map((c) => c.file)])).toEqual([
      ['libero', [takeA, takeB, render]],
    ]);
    expect(standIn.root.clips).toEqual([]);
    expect(standIn.currentFolder()).toBe(editorsBin);
    // the editor's original timeline is still there, untouched
    expect(standIn.timelines.map((t) => t.name)).toEqual([
      'trailer',
      'trailer libero v1',
      'trailer libero v2',
    ]);
    expect(standIn.refusals).toEqual([]);
  });

  it('brings back into the root bin when Resolve cannot make the libero bin', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([]),
      projectName: 'P',
      addSubFolderFails: true,
    });
    const take = join(dir, 'take-001.mp4');
    await writeFile(take, 'a take');
    const conformed = join(dir, 'c.otio');
    await writeFile(conformed, JSON.stringify(cut([clip('shot-a', 24, take)])));
    const result = await bringBack({
      resolve: standIn.resolve,
      conformedPath: conformed,
      baseName: 'trailer',
      takesFolder: dir,
      renderPath: null,
    });
    expect(result).toMatchObject({ bin: 'Master', online: [{ clip: 'shot-a', file: take }] });
    expect(standIn.root.clips.map((c) => c.file)).toEqual([take]);
  });

  it('says when there is nothing to bring back yet', async () => {
    const standIn = createResolveStandIn({ timeline: cut([]), projectName: 'P' });
    await expect(
      bringBack({
        resolve: standIn.resolve,
        conformedPath: join(dir, 'none.otio'),
        baseName: 't',
        takesFolder: dir,
        renderPath: null,
      }),
    ).rejects.toMatchObject({ code: 'RESOLVE_IMPORT_FAILED' });
  });

  it('turns a call blocked by a dialog in Resolve into a clear timeout, then works again', async () => {
    const standIn = createResolveStandIn({
      timeline: cut([clip('shot-a', 24, null)]),
      projectName: 'P',
    });
    const { resolve, timeoutSeconds } = connectResolve(standIn.workflowIntegration, {
      pluginId: 'com.libero.panel',
      timeoutSeconds: 1,
      now: () => Date.now(),
    });
    expect(timeoutSeconds).toBe(1);
    expect(standIn.calls.slice(0, 3).map((c) => [c.method, ...c.args])).toEqual([
      ['Initialize', 'com.libero.panel'],
      ['SetAPITimeout', 1],
      ['GetResolve'],
    ]);
    standIn.openDialog('Save changes to project?');
    const started = Date.now();
    await expect(sendTimeline({ resolve, target: join(dir, 'x.otio') })).rejects.toMatchObject({
      code: 'RESOLVE_TIMEOUT',
      message:
        'DaVinci Resolve did not answer resolve.GetProjectManager() within 1 s: a dialog is probably open in Resolve. Close it (or finish what Resolve is doing), then try again.',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // without SetAPITimeout the same call would never come back (the stand-in says so)
    const untimed = createResolveStandIn({ timeline: cut([]), projectName: 'P' });
    untimed.openDialog('Save changes to project?');
    await expect(
      sendTimeline({ resolve: untimed.resolve, target: join(dir, 'x.otio') }),
    ).rejects.toThrow(/Resolve.GetProjectManager\(\) would block forever/);
    standIn.openDialog(null);
    await expect(sendTimeline({ resolve, target: join(dir, 'x.otio') })).resolves.toMatchObject({
      timeline: 'trailer',
    });
  });

  it('says why there is no Resolve session, on every button', async () => {
    const standIn = createResolveStandIn({ timeline: cut([]), projectName: 'P' });
    const options = { pluginId: 'com.libero.panel', timeoutSeconds: 30, now: () => Date.now() };
    const missing = connectResolve(null, options);
    expect(missing).toMatchObject({
      resolve: null,
      problem: expect.stringContaining('libero plugin install'),
    });
    const wrongId = connectResolve(standIn.workflowIntegration, {
      ...options,
      pluginId: 'com.other',
    });
    expect(wrongId.problem).toBe(
      'DaVinci Resolve refused WorkflowIntegration.Initialize("com.other"): the plugin\'s manifest.xml <Id> must be com.other, and Workflow Integrations need DaVinci Resolve Studio.',
    );
    const actions = createPluginActions({
      resolve: null,
      client: serviceClient({ url: 'http://127.0.0.1:9', token: '' }),
      problem: missing.problem,
    });
    for (const result of [
      await actions.send(),
      await actions.placeRegenMarker(''),
      await actions.bringBack(),
    ])
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'RESOLVE_API_UNAVAILABLE',
          message: missing.problem,
          hint: null,
          details: {},
        },
      });
  });

  it('treats a call that throws after the timeout as a timeout too, and passes quick errors through', () => {
    let clock = 0;
    const binding = {
      Slow: () => {
        clock += 5_000;
        throw new Error('Resolve API call timed out');
      },
      Quick: () => {
        throw new Error('bad argument');
      },
    };
    const guarded = guardApiTimeout(binding, { timeoutSeconds: 5, now: () => clock });
    expect(() => guarded.Slow()).toThrow(
      expect.objectContaining({
        code: 'RESOLVE_TIMEOUT',
        details: expect.objectContaining({
          call: 'resolve.Slow',
          cause: 'Resolve API call timed out',
        }),
      }),
    );
    expect(() => guarded.Quick()).toThrow('bad argument');
  });
});
