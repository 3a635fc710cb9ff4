/**
 * A recording stand-in for DaVinci Resolve's scripting object (the `resolve` that
 * WorkflowIntegration.GetResolve() returns) and for the WorkflowIntegration.node module itself,
 * with the documented method names and return shapes (../shared/ref/resolve.md B.1, B.2).
 *
 * It is strict where Resolve is strict, so that a plugin that works here does not fail in Resolve
 * for a reason the stand-in let through:
 * - it knows only its own objects: a folder or timeline that is not one it handed out (a wrapper,
 *   a copy) is refused (SetCurrentFolder, SetCurrentTimeline, sourceClipsFolders);
 * - TimelineItem markers are keyed by frameId from the start of the clip's *media*
 *   (GetLeftOffset() frames before the first visible frame); AddMarker refuses a frameId outside
 *   the media, a taken frame, or a colour outside Resolve's 16;
 * - ImportTimelineFromFile refuses option names it does not know, sourceClipsPath without
 *   importSourceClips, sourceClipsFolders with it, and a timeline name already in the project;
 * - ImportMedia imports what it is given, again if it is already in the pool (a duplicate clip);
 * - while a modal dialog is open (`openDialog`), every call blocks: for SetAPITimeout seconds,
 *   then it returns nothing; with no timeout set the stand-in throws (the real call would hang).
 *
 * One modelled assumption, not a Blackmagic spec: an OTIO import with importSourceClips: true
 * links a clip whose file is already in the media pool to that pool clip rather than importing
 * it again; a file that is not at its path is searched by name under sourceClipsPath.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One recorded call. */
export interface RecordedCall {
  readonly object: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

type Json = Record<string, unknown>;
type Method = (...args: never[]) => unknown;

interface StandInOptions {
  /** The OTIO JSON of the editor's current timeline; null: a project without a timeline. */
  readonly timeline: Json | null;
  readonly projectName: string | null;
  /** Free edition (or scripting disabled): the root object lacks the API. */
  readonly free?: boolean;
  /** Export answers False (Resolve's answer to a path it cannot write, a render in progress). */
  readonly exportFails?: boolean;
  /** A JavaScript binding without the EXPORT_OTIO constant. */
  readonly noOtioExport?: boolean;
  /** AddSubFolder answers None (a locked or collaborative project). */
  readonly addSubFolderFails?: boolean;
}

/** Resolve's 16 marker colours (AddMarker takes the name). */
const MARKER_COLORS = new Set([
  'Blue',
  'Cyan',
  'Green',
  'Yellow',
  'Red',
  'Pink',
  'Purple',
  'Fuchsia',
  'Rose',
  'Lavender',
  'Sky',
  'Mint',
  'Lemon',
  'Sand',
  'Cocoa',
  'Cream',
]);

/** ImportTimelineFromFile's option names (scripting README). */
const IMPORT_OPTIONS = new Set([
  'timelineName',
  'importSourceClips',
  'sourceClipsPath',
  'sourceClipsFolders',
  'interlaceProcessing',
]);

/** A clip of the media pool. */
export interface PoolClip {
  readonly file: string;
}

/** A bin of the media pool. */
export interface PoolFolder {
  readonly name: string;
  readonly clips: PoolClip[];
  readonly subfolders: PoolFolder[];
}

/** A video item of a timeline. */
export interface StandInItem {
  readonly clip: Json;
  readonly name: string;
  readonly track: number;
  /** First record frame (the timeline's clock, start frame included). */
  readonly start: number;
  readonly duration: number;
  /** Frames of media before the first visible frame. */
  readonly leftOffset: number;
  readonly mediaDuration: number;
  readonly availableStart: number;
  readonly rate: number;
  readonly markers: Map<number, Json>;
  media: PoolClip | null;
}

/** A timeline of the project. */
export interface StandInTimeline {
  readonly otio: Json;
  name: string;
  readonly items: StandInItem[];
  readonly startFrame: number;
  readonly rate: number;
  /** The playhead on the record clock (tests move it); null: before the first clip. */
  playheadFrame: number | null;
}

const rt = (value: number, rate: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const num = (time: unknown, key: 'value' | 'rate'): number => Number((time as Json)[key]);

function targetOf(clip: Json): string | null {
  const refs = clip['media_references'] as Record<string, Json> | undefined;
  const key = clip['active_media_reference_key'] as string | undefined;
  const ref =
    refs !== undefined && key !== undefined
      ? refs[key]
      : (clip['media_reference'] as Json | undefined);
  const url = ref?.['target_url'];
  if (typeof url !== 'string') return null;
  return url.startsWith('file://') ? fileURLToPath(url) : url;
}

function availableRangeOf(clip: Json): Json | null {
  const refs = clip['media_references'] as Record<string, Json> | undefined;
  const key = clip['active_media_reference_key'] as string | undefined;
  const ref =
    refs !== undefined && key !== undefined
      ? refs[key]
      : (clip['media_reference'] as Json | undefined);
  return (ref?.['available_range'] as Json | undefined) ?? null;
}

/** Video items of an OTIO timeline, placed on the record clock. */
function itemsOf(otio: Json, startFrame: number): StandInItem[] {
  const out: StandInItem[] = [];
  const stack = otio['tracks'] as Json;
  let track = 0;
  for (const t of (stack['children'] as Json[]) ?? []) {
    if (t['kind'] !== 'Video') continue;
    track += 1;
    let at = startFrame;
    for (const child of (t['children'] as Json[]) ?? []) {
      const range = child['source_range'] as Json | undefined;
      const duration = range === undefined ? 0 : Math.round(num(range['duration'], 'value'));
      if (String(child['OTIO_SCHEMA']).startsWith('Clip.') && range !== undefined) {
        const rate = num(range['duration'], 'rate');
        const sourceStart = num(range['start_time'], 'value');
        const available = availableRangeOf(child);
        const availableStart =
          available === null ? sourceStart : num(available['start_time'], 'value');
        const mediaDuration =
          available === null ? duration : Math.round(num(available['duration'], 'value'));
        const markers = new Map<number, Json>();
        for (const m of (child['markers'] as Json[]) ?? []) {
          const frameId = num((m['marked_range'] as Json)['start_time'], 'value') - availableStart;
          markers.set(frameId, {
            color: 'Blue',
            duration: 1,
            note: m['comment'] ?? '',
            name: m['name'],
            customData: '',
          });
        }
        out.push({
          clip: child,
          name: String(child['name']),
          track,
          start: at,
          duration,
          leftOffset: Math.round(sourceStart - availableStart),
          mediaDuration,
          availableStart,
          rate,
          markers,
          media: null,
        });
      }
      if (!String(child['OTIO_SCHEMA']).startsWith('Transition.')) at += duration;
    }
  }
  return out;
}

/** The OTIO a timeline exports: its clips with their markers as Resolve 18.6.5+ writes them. */
function exportOtio(timeline: StandInTimeline): Json {
  const copy = JSON.parse(JSON.stringify({ ...timeline.otio, name: timeline.name })) as Json;
  const clips = itemsOf(copy, timeline.startFrame);
  timeline.items.forEach((item, i) => {
    const clip = clips[i]!.clip;
    clip['markers'] = [...item.markers.entries()].map(([frameId, m]) => ({
      OTIO_SCHEMA: 'Marker.2',
      name: m['name'],
      comment: m['note'],
      color: String(m['color']).toUpperCase() === 'RED' ? 'RED' : 'BLUE',
      marked_range: {
        OTIO_SCHEMA: 'TimeRange.1',
        start_time: rt(item.availableStart + frameId, item.rate),
        duration: rt(Number(m['duration']), item.rate),
      },
      metadata: { Resolve_OTIO: { Note: m['note'] } },
    }));
  });
  return copy;
}

function timecode(frame: number, rate: number): string {
  const fps = Math.round(rate);
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = Math.floor(frame / fps);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:${pad(frame % fps)}`;
}

function findByName(dir: string, name: string): string | null {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return null;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (entry === name && statSync(path).isFile()) return path;
    if (statSync(path).isDirectory()) {
      const found = findByName(path, name);
      if (found !== null) return found;
    }
  }
  return null;
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The stand-in and its recordings. */
export function createResolveStandIn(options: StandInOptions) {
  const calls: RecordedCall[] = [];
  /** Why Resolve said no, for the tests' messages (the real API only answers False/None). */
  const refusals: string[] = [];
  /** Every file that became a media pool clip, in order (ImportMedia and timeline imports). */
  const importedFiles: string[] = [];
  let apiTimeoutSeconds = 0;
  let dialog: string | null = null;

  const refuse = <T>(why: string, answer: T): T => {
    refusals.push(why);
    return answer;
  };
  /** Wraps methods so each call is recorded and blocks while a dialog is open. */
  const api = <T extends Record<string, Method>>(object: string, methods: T): T => {
    const out: Record<string, Method> = {};
    for (const [name, fn] of Object.entries(methods))
      out[name] = (...args: never[]) => {
        calls.push({ object, method: name, args });
        if (dialog !== null) {
          if (apiTimeoutSeconds <= 0)
            throw new Error(
              `stand-in: ${object}.${name}() would block forever: Resolve shows the dialog "${dialog}" and WorkflowIntegration.SetAPITimeout was never called`,
            );
          sleepSync(apiTimeoutSeconds * 1000);
          return undefined;
        }
        return fn(...args);
      };
    return out as T;
  };

  // Resolve's objects are handed out once per entity; the facade -> entity maps are how the
  // stand-in knows its own objects (and refuses anything else).
  const clipFacades = new Map<PoolClip, object>();
  const folderFacades = new Map<PoolFolder, object>();
  const folderOf = new Map<object, PoolFolder>();
  const itemFacades = new Map<StandInItem, object>();
  const timelineFacades = new Map<StandInTimeline, object>();
  const timelineOf = new Map<object, StandInTimeline>();

  const clipFacade = (clip: PoolClip): object => {
    const known = clipFacades.get(clip);
    if (known !== undefined) return known;
    const facade = api('MediaPoolItem', {
      GetName: () => basename(clip.file),
      GetClipProperty: (name?: string) =>
        name === undefined
          ? { 'File Path': clip.file, 'File Name': basename(clip.file) }
          : name === 'File Path'
            ? clip.file
            : name === 'File Name'
              ? basename(clip.file)
              : '',
    });
    clipFacades.set(clip, facade);
    return facade;
  };

  const folderFacade = (folder: PoolFolder): object => {
    const known = folderFacades.get(folder);
    if (known !== undefined) return known;
    const facade = api('Folder', {
      GetName: () => folder.name,
      GetSubFolderList: () => folder.subfolders.map(folderFacade),
      GetClipList: () => folder.clips.map(clipFacade),
    });
    folderFacades.set(folder, facade);
    folderOf.set(facade, folder);
    return facade;
  };

  const root: PoolFolder = { name: 'Master', clips: [], subfolders: [] };
  let currentFolder = root;
  const allFolders = (f: PoolFolder): PoolFolder[] => [f, ...f.subfolders.flatMap(allFolders)];
  const pooled = (file: string): PoolClip | null =>
    allFolders(root)
      .flatMap((f) => f.clips)
      .find((c) => c.file === file) ?? null;
  const importFile = (file: string): PoolClip => {
    const clip = { file };
    currentFolder.clips.push(clip);
    importedFiles.push(file);
    return clip;
  };

  const itemFacade = (item: StandInItem): object => {
    const known = itemFacades.get(item);
    if (known !== undefined) return known;
    const facade = api('TimelineItem', {
      GetName: () => item.name,
      GetDuration: () => item.duration,
      GetStart: () => item.start,
      GetEnd: () => item.start + item.duration,
      GetLeftOffset: () => item.leftOffset,
      GetRightOffset: () => item.mediaDuration - item.leftOffset - item.duration,
      GetUniqueId: () => `item-${item.track}-${item.start}`,
      GetMarkers: () => Object.fromEntries(item.markers),
      GetMediaPoolItem: () => (item.media === null ? null : clipFacade(item.media)),
      AddMarker: (
        frameId: number,
        color: string,
        name: string,
        note: string,
        duration: number,
        customData?: string,
      ) => {
        if (typeof frameId !== 'number' || !Number.isFinite(frameId))
          return refuse(`AddMarker: frameId ${String(frameId)} is no number`, false);
        if (frameId < 0 || frameId >= item.mediaDuration)
          return refuse(
            `AddMarker: frameId ${frameId} is outside the media of "${item.name}" (0..${item.mediaDuration - 1})`,
            false,
          );
        if (!MARKER_COLORS.has(color))
          return refuse(`AddMarker: no marker colour "${color}"`, false);
        if (typeof name !== 'string' || typeof note !== 'string' || !(duration >= 1))
          return refuse('AddMarker: name, note and duration (>= 1) are required', false);
        if (item.markers.has(frameId))
          return refuse(`AddMarker: frame ${frameId} of "${item.name}" has a marker`, false);
        item.markers.set(frameId, { color, duration, note, name, customData: customData ?? '' });
        return true;
      },
    });
    itemFacades.set(item, facade);
    return facade;
  };

  const timelineFacade = (timeline: StandInTimeline): object => {
    const known = timelineFacades.get(timeline);
    if (known !== undefined) return known;
    const videoTracks = (): number => Math.max(0, ...timeline.items.map((i) => i.track));
    const facade = api('Timeline', {
      GetName: () => timeline.name,
      GetStartFrame: () => timeline.startFrame,
      GetSetting: (name: string) => (name === 'timelineFrameRate' ? String(timeline.rate) : ''),
      GetCurrentTimecode: () => timecode(timeline.playheadFrame ?? 0, timeline.rate),
      GetTrackCount: (kind: string) => (kind === 'video' ? videoTracks() : 0),
      GetItemListInTrack: (kind: string, index: number) =>
        kind === 'video' ? timeline.items.filter((i) => i.track === index).map(itemFacade) : [],
      GetCurrentVideoItem: () => {
        const at = timeline.playheadFrame;
        const under = timeline.items
          .filter((i) => at !== null && at >= i.start && at < i.start + i.duration)
          .sort((a, b) => b.track - a.track)[0];
        return under === undefined ? null : itemFacade(under);
      },
      Export: (fileName: string, exportType: number, exportSubtype: number) => {
        void exportSubtype;
        if (exportType !== resolve.EXPORT_OTIO || exportType === undefined)
          return refuse(`Export: type ${exportType} is not EXPORT_OTIO`, false);
        if (options.exportFails === true) return false;
        try {
          writeFileSync(fileName, JSON.stringify(exportOtio(timeline), null, 4));
          return true;
        } catch {
          return false;
        }
      },
    });
    timelineFacades.set(timeline, facade);
    timelineOf.set(facade, timeline);
    return facade;
  };

  const makeTimeline = (otio: Json, name: string): StandInTimeline => {
    const start = otio['global_start_time'] as Json | null | undefined;
    const startFrame = start == null ? 86400 : Math.round(num(start, 'value'));
    const items = itemsOf(otio, startFrame);
    const rate = start == null ? (items[0]?.rate ?? 24) : num(start, 'rate');
    return { otio, name, items, startFrame, rate, playheadFrame: null };
  };

  const timelines: StandInTimeline[] = [];
  let current: StandInTimeline | null = null;
  if (options.timeline !== null) {
    current = makeTimeline(options.timeline, String(options.timeline['name']));
    timelines.push(current);
  }

  const mediaPool = api('MediaPool', {
    GetRootFolder: () => folderFacade(root),
    GetCurrentFolder: () => folderFacade(currentFolder),
    SetCurrentFolder: (folder: object) => {
      const known = folderOf.get(folder);
      if (known === undefined) return refuse('SetCurrentFolder: not a folder of this pool', false);
      currentFolder = known;
      return true;
    },
    AddSubFolder: (parent: object, name: string) => {
      const known = folderOf.get(parent);
      if (known === undefined) return refuse('AddSubFolder: parent is not a folder', null);
      if (options.addSubFolderFails === true) return null;
      const folder: PoolFolder = { name, clips: [], subfolders: [] };
      known.subfolders.push(folder);
      return folderFacade(folder);
    },
    ImportMedia: (paths: string[]) => {
      if (!Array.isArray(paths)) return refuse('ImportMedia: takes a list', []);
      return paths
        .filter((p) => typeof p === 'string' && existsSync(p))
        .map((p) => clipFacade(importFile(p)));
    },
    ImportTimelineFromFile: (filePath: string, importOptions: Json = {}) => {
      for (const key of Object.keys(importOptions))
        if (!IMPORT_OPTIONS.has(key))
          return refuse(`ImportTimelineFromFile: unknown option "${key}"`, null);
      const withSourceClips = importOptions['importSourceClips'] !== false;
      if (!withSourceClips && importOptions['sourceClipsPath'] !== undefined)
        return refuse('ImportTimelineFromFile: sourceClipsPath needs importSourceClips', null);
      if (withSourceClips && importOptions['sourceClipsFolders'] !== undefined)
        return refuse(
          'ImportTimelineFromFile: sourceClipsFolders needs importSourceClips False',
          null,
        );
      const folders: PoolFolder[] = [];
      for (const f of (importOptions['sourceClipsFolders'] as object[] | undefined) ?? []) {
        const known = folderOf.get(f);
        if (known === undefined)
          return refuse('ImportTimelineFromFile: sourceClipsFolders holds a non-folder', null);
        folders.push(known);
      }
      let otio: Json;
      try {
        otio = JSON.parse(readFileSync(filePath, 'utf8')) as Json;
      } catch {
        return refuse(`ImportTimelineFromFile: cannot read ${filePath}`, null);
      }
      if (otio['OTIO_SCHEMA'] !== 'Timeline.1')
        return refuse('ImportTimelineFromFile: no OTIO', null);
      const name = String(importOptions['timelineName'] ?? otio['name']);
      if (timelines.some((t) => t.name === name))
        return refuse(`ImportTimelineFromFile: a timeline "${name}" exists`, null);
      const timeline = makeTimeline(otio, name);
      const searchPath = importOptions['sourceClipsPath'];
      for (const item of timeline.items) {
        const file = targetOf(item.clip);
        if (file === null) continue;
        if (!withSourceClips) {
          item.media = folders.flatMap((f) => f.clips).find((c) => c.file === file) ?? null;
          continue;
        }
        const found = existsSync(file)
          ? file
          : typeof searchPath === 'string'
            ? findByName(searchPath, basename(file))
            : null;
        item.media = found === null ? null : (pooled(found) ?? importFile(found));
      }
      timelines.push(timeline);
      return timelineFacade(timeline);
    },
  });

  const project =
    options.projectName === null
      ? null
      : api('Project', {
          GetName: () => options.projectName,
          GetCurrentTimeline: () => (current === null ? null : timelineFacade(current)),
          GetMediaPool: () => mediaPool,
          GetTimelineCount: () => timelines.length,
          GetTimelineByIndex: (i: number) => {
            const t = timelines[i - 1];
            return t === undefined ? null : timelineFacade(t);
          },
          SetCurrentTimeline: (facade: object) => {
            const known = timelineOf.get(facade);
            if (known === undefined) return refuse('SetCurrentTimeline: not a timeline', false);
            current = known;
            return true;
          },
        });
  const projectManager = api('ProjectManager', { GetCurrentProject: () => project });

  const resolve: Record<string, unknown> & { EXPORT_OTIO?: number } = {
    ...(options.noOtioExport === true ? {} : { EXPORT_OTIO: 17 }),
    EXPORT_NONE: 0,
    EXPORT_EDL: 3,
    ...api('Resolve', {
      GetProjectManager: () => projectManager,
      GetVersionString: () => '20.2.0.0',
      GetVersion: () => [20, 2, 0, 0, ''],
    }),
  };

  let initialized = false;
  /** What `require('./WorkflowIntegration.node')` gives the plugin. */
  const workflowIntegration = {
    Initialize: (pluginId: string) => {
      calls.push({ object: 'WorkflowIntegration', method: 'Initialize', args: [pluginId] });
      initialized = pluginId === 'com.libero.panel';
      return initialized;
    },
    GetResolve: () => {
      calls.push({ object: 'WorkflowIntegration', method: 'GetResolve', args: [] });
      if (!initialized) return null;
      return options.free === true ? {} : resolve;
    },
    SetAPITimeout: (seconds: number) => {
      calls.push({ object: 'WorkflowIntegration', method: 'SetAPITimeout', args: [seconds] });
      if (typeof seconds !== 'number' || !(seconds >= 0)) return false;
      apiTimeoutSeconds = seconds;
      return true;
    },
    CleanUp: () => {
      calls.push({ object: 'WorkflowIntegration', method: 'CleanUp', args: [] });
      initialized = false;
      return true;
    },
    RegisterCallback: (name: string) => {
      calls.push({ object: 'WorkflowIntegration', method: 'RegisterCallback', args: [name] });
      return ['RenderStart', 'RenderStop', 'ResolveQuit'].includes(name);
    },
  };

  return {
    /** The scripting object as GetResolve() returns it (no timeout guard). */
    resolve: options.free === true ? ({} as typeof resolve) : resolve,
    workflowIntegration,
    calls,
    refusals,
    importedFiles,
    timelines,
    root,
    current: () => current,
    currentFolder: () => currentFolder,
    /** Opens (a name) or closes (null) a modal dialog in Resolve: calls block while it is open. */
    openDialog: (name: string | null) => {
      dialog = name;
    },
  };
}
