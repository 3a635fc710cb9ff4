/**
 * A recording stand-in for DaVinci Resolve's scripting object (the `resolve` that
 * WorkflowIntegration.GetResolve() returns), with the documented method names and return shapes
 * (../shared/ref/resolve.md B.2): ProjectManager -> Project -> Timeline / MediaPool, TimelineItem
 * markers keyed by frame offset inside the clip, Export(path, EXPORT_OTIO, EXPORT_NONE) writing
 * the timeline as OTIO JSON (clip markers included, as Resolve 18.6.5+ writes them),
 * ImportTimelineFromFile reading OTIO, ImportMedia returning MediaPoolItems. Every call is
 * recorded in `calls`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

/** One recorded call. */
export interface RecordedCall {
  readonly object: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

type Json = Record<string, unknown>;

interface StandInOptions {
  /** The OTIO JSON of the editor's current timeline; null: a project without a timeline. */
  readonly timeline: Json | null;
  readonly projectName: string | null;
  /** Free edition (or scripting disabled): the root object lacks the API. */
  readonly free?: boolean;
  /** Export answers False (Resolve's answer to a path it cannot write, a render in progress). */
  readonly exportFails?: boolean;
}

function rt(value: number, rate: number): Json {
  return { OTIO_SCHEMA: 'RationalTime.1', rate, value };
}

function videoClips(otio: Json): Json[] {
  const stack = otio['tracks'] as Json;
  const out: Json[] = [];
  for (const track of (stack['children'] as Json[]) ?? [])
    if (track['kind'] === 'Video')
      for (const child of (track['children'] as Json[]) ?? [])
        if (String(child['OTIO_SCHEMA']).startsWith('Clip.')) out.push(child);
  return out;
}

function activeTarget(clip: Json): string | null {
  const refs = clip['media_references'] as Record<string, Json> | undefined;
  const key = clip['active_media_reference_key'] as string | undefined;
  const ref =
    refs !== undefined && key !== undefined
      ? refs[key]
      : (clip['media_reference'] as Json | undefined);
  const url = ref?.['target_url'];
  if (typeof url !== 'string') return null;
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

/** The stand-in and its recordings. */
export function createResolveStandIn(options: StandInOptions) {
  const calls: RecordedCall[] = [];
  const record = (object: string, method: string, args: unknown[]): void => {
    calls.push({ object, method, args });
  };

  const makeMediaPoolItem = (file: string) => ({
    file,
    GetName: () => (record('MediaPoolItem', 'GetName', []), basename(file)),
    GetClipProperty: (name: string) => (
      record('MediaPoolItem', 'GetClipProperty', [name]),
      name === 'File Path' ? file : ''
    ),
  });
  type MediaPoolItem = ReturnType<typeof makeMediaPoolItem>;

  const makeFolder = (name: string) => {
    const folder = {
      name,
      items: [] as MediaPoolItem[],
      subfolders: [] as unknown[],
      GetName: () => (record('Folder', 'GetName', []), name),
      GetSubFolderList: () => (record('Folder', 'GetSubFolderList', []), [...folder.subfolders]),
      GetClipList: () => (record('Folder', 'GetClipList', []), [...folder.items]),
    };
    return folder;
  };
  type Folder = ReturnType<typeof makeFolder>;

  const makeItem = (clip: Json, mediaLookup: (file: string | null) => MediaPoolItem | null) => {
    const range = clip['source_range'] as Json;
    const duration = Number((range['duration'] as Json)['value']);
    const rate = Number((range['duration'] as Json)['rate']);
    const start = Number((range['start_time'] as Json)['value']);
    const markers: Record<number, Json> = {};
    for (const m of (clip['markers'] as Json[]) ?? []) {
      const at = Number(((m['marked_range'] as Json)['start_time'] as Json)['value']) - start;
      markers[at] = {
        color: 'Blue',
        duration: 1,
        note: m['comment'] ?? '',
        name: m['name'],
        customData: '',
      };
    }
    return {
      clip,
      GetName: () => (record('TimelineItem', 'GetName', []), String(clip['name'])),
      GetDuration: () => (record('TimelineItem', 'GetDuration', []), duration),
      GetMarkers: () => (record('TimelineItem', 'GetMarkers', []), { ...markers }),
      GetUniqueId: () => (
        record('TimelineItem', 'GetUniqueId', []),
        `item-${String(clip['name'])}`
      ),
      GetMediaPoolItem: () => (
        record('TimelineItem', 'GetMediaPoolItem', []),
        mediaLookup(activeTarget(clip))
      ),
      AddMarker: (
        frameId: number,
        color: string,
        name: string,
        note: string,
        dur: number,
        customData?: string,
      ) => {
        record('TimelineItem', 'AddMarker', [frameId, color, name, note, dur, customData]);
        if (markers[frameId] !== undefined || frameId < 0 || frameId >= duration) return false;
        markers[frameId] = { color, duration: dur, note, name, customData: customData ?? '' };
        // What the next OTIO export carries: an OTIO 0.18 Marker.2 in the clip's source time.
        const list = (clip['markers'] as Json[] | undefined) ?? [];
        list.push({
          OTIO_SCHEMA: 'Marker.2',
          name,
          comment: note,
          color: color.toUpperCase() === 'RED' ? 'RED' : 'BLUE',
          marked_range: {
            OTIO_SCHEMA: 'TimeRange.1',
            start_time: rt(start + frameId, rate),
            duration: rt(dur, rate),
          },
          metadata: { Resolve_OTIO: { Note: note } },
        });
        clip['markers'] = list;
        return true;
      },
    };
  };

  const makeTimeline = (otio: Json, mediaLookup: (file: string | null) => MediaPoolItem | null) => {
    const items = videoClips(otio).map((clip) => makeItem(clip, mediaLookup));
    const timeline = {
      otio,
      items,
      /** Index of the item under the playhead (tests move it). */
      playhead: 0 as number | null,
      GetName: () => (record('Timeline', 'GetName', []), String(otio['name'])),
      GetTrackCount: (kind: string) => (
        record('Timeline', 'GetTrackCount', [kind]),
        kind === 'video' ? 1 : 0
      ),
      GetItemListInTrack: (kind: string, index: number) => (
        record('Timeline', 'GetItemListInTrack', [kind, index]),
        kind === 'video' && index === 1 ? [...items] : []
      ),
      GetCurrentVideoItem: () => (
        record('Timeline', 'GetCurrentVideoItem', []),
        timeline.playhead === null ? null : (items[timeline.playhead] ?? null)
      ),
      Export: (fileName: string, exportType: number, exportSubtype: number) => {
        record('Timeline', 'Export', [fileName, exportType, exportSubtype]);
        if (exportType !== resolve.EXPORT_OTIO || options.exportFails === true) return false;
        try {
          writeFileSync(fileName, JSON.stringify(otio, null, 4));
          return true;
        } catch {
          return false;
        }
      },
    };
    return timeline;
  };
  type Timeline = ReturnType<typeof makeTimeline>;

  const root = makeFolder('Master');
  let currentFolder: Folder = root;
  const allMedia: MediaPoolItem[] = [];
  const lookupIn = (folders: Folder[]) => (file: string | null) =>
    file === null ? null : (folders.flatMap((f) => f.items).find((i) => i.file === file) ?? null);

  const timelines: Timeline[] = [];
  let current: Timeline | null = null;
  if (options.timeline !== null) {
    current = makeTimeline(options.timeline, lookupIn([root]));
    timelines.push(current);
  }

  const mediaPool = {
    GetRootFolder: () => (record('MediaPool', 'GetRootFolder', []), root),
    AddSubFolder: (parent: Folder, name: string) => {
      record('MediaPool', 'AddSubFolder', [parent.name, name]);
      const folder = makeFolder(name);
      parent.subfolders.push(folder);
      return folder;
    },
    SetCurrentFolder: (folder: Folder) => (
      record('MediaPool', 'SetCurrentFolder', [folder.name]),
      (currentFolder = folder),
      true
    ),
    ImportMedia: (paths: string[]) => {
      record('MediaPool', 'ImportMedia', [paths]);
      const made = paths.filter((p) => existsSync(p)).map(makeMediaPoolItem);
      currentFolder.items.push(...made);
      allMedia.push(...made);
      return made;
    },
    ImportTimelineFromFile: (filePath: string, importOptions: Json) => {
      record('MediaPool', 'ImportTimelineFromFile', [filePath, importOptions]);
      let otio: Json;
      try {
        otio = JSON.parse(readFileSync(filePath, 'utf8')) as Json;
      } catch {
        return null;
      }
      if (otio['OTIO_SCHEMA'] !== 'Timeline.1') return null;
      const folders = (importOptions['sourceClipsFolders'] as Folder[] | undefined) ?? [root];
      const timeline = makeTimeline(
        { ...otio, name: importOptions['timelineName'] ?? otio['name'] },
        lookupIn(folders),
      );
      timelines.push(timeline);
      return timeline;
    },
  };

  const project =
    options.projectName === null
      ? null
      : {
          GetName: () => (record('Project', 'GetName', []), options.projectName),
          GetCurrentTimeline: () => (record('Project', 'GetCurrentTimeline', []), current),
          GetMediaPool: () => (record('Project', 'GetMediaPool', []), mediaPool),
          GetTimelineCount: () => (record('Project', 'GetTimelineCount', []), timelines.length),
          GetTimelineByIndex: (i: number) => (
            record('Project', 'GetTimelineByIndex', [i]),
            timelines[i - 1] ?? null
          ),
          SetCurrentTimeline: (t: Timeline) => (
            record('Project', 'SetCurrentTimeline', [t.GetName()]),
            (current = t),
            true
          ),
        };

  const resolve = {
    EXPORT_OTIO: 17,
    EXPORT_NONE: 0,
    EXPORT_EDL: 3,
    GetProjectManager: () => (
      record('Resolve', 'GetProjectManager', []),
      { GetCurrentProject: () => (record('ProjectManager', 'GetCurrentProject', []), project) }
    ),
    GetVersionString: () => '20.2.0.0',
  };
  return {
    resolve: options.free === true ? ({} as typeof resolve) : resolve,
    calls,
    timelines,
    media: allMedia,
    current: () => current,
  };
}
