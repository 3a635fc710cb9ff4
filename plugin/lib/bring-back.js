// "Bring back": the conformed timeline as a new timeline in the current project (named with a
// version number; the editor's original is untouched) and the rendered master in the media pool.
// Resolve's scripted OTIO import has left media offline where the menu import linked it
// (ynput/ayon-resolve#68), so the media is imported into a `libero` bin first and the timeline
// is imported against that bin (importSourceClips: false + sourceClipsFolders).
import { access } from 'node:fs/promises';
import { ResolveActionError } from './resolve-error.js';
import { currentProject, timelineNames } from './resolve-session.js';

/** The first free name `<base> libero v<N>` among the project's timelines. */
export function nextTimelineName(base, existing) {
  const taken = new Set(existing);
  for (let n = 1; ; n += 1) {
    const name = `${base} libero v${n}`;
    if (!taken.has(name)) return name;
  }
}

function liberoBin(mediaPool) {
  const root = mediaPool.GetRootFolder();
  const existing = (root.GetSubFolderList() ?? []).find((f) => f.GetName() === 'libero');
  return existing ?? mediaPool.AddSubFolder(root, 'libero');
}

/**
 * @param {{resolve: any, conformedPath: string, baseName: string, mediaFiles: string[], renderPath: string|null}} options
 * @returns {Promise<{timeline: string, offline: string[], render: boolean}>}
 */
export async function bringBack({ resolve, conformedPath, baseName, mediaFiles, renderPath }) {
  const project = currentProject(resolve);
  try {
    await access(conformedPath);
  } catch {
    throw new ResolveActionError(
      'RESOLVE_IMPORT_FAILED',
      `There is no conformed timeline at ${conformedPath} yet: wait until libero has generated the shots.`,
      { file: conformedPath },
    );
  }
  const mediaPool = project.GetMediaPool();
  const bin = liberoBin(mediaPool);
  mediaPool.SetCurrentFolder(bin);
  const present = [];
  for (const file of mediaFiles) {
    try {
      await access(file);
      present.push(file);
    } catch {
      // A take file that is gone is reported as offline below.
    }
  }
  if (present.length > 0) mediaPool.ImportMedia(present);
  const name = nextTimelineName(baseName, timelineNames(project));
  const timeline = mediaPool.ImportTimelineFromFile(conformedPath, {
    timelineName: name,
    importSourceClips: false,
    sourceClipsFolders: [bin],
  });
  if (timeline == null)
    throw new ResolveActionError(
      'RESOLVE_IMPORT_FAILED',
      `DaVinci Resolve could not import ${conformedPath} as a timeline (Resolve 18.5 or newer reads OTIO).`,
      { file: conformedPath },
    );
  project.SetCurrentTimeline(timeline);
  const offline = [];
  const tracks = timeline.GetTrackCount('video');
  for (let t = 1; t <= tracks; t += 1)
    for (const item of timeline.GetItemListInTrack('video', t) ?? [])
      if (item.GetMediaPoolItem() == null) offline.push(item.GetName());
  let render = false;
  if (renderPath !== null) {
    try {
      await access(renderPath);
      render = (mediaPool.ImportMedia([renderPath]) ?? []).length > 0;
    } catch {
      render = false;
    }
  }
  return { timeline: name, offline, render };
}
