// "Bring back": the conformed timeline as a new timeline in the current project (named with a
// version number; the editor's original is untouched) and the rendered master in the media pool.
//
// Resolve's OTIO import is reported not to relink to clips already in the media pool when it is
// told importSourceClips: false (every take came in offline), so the timeline is imported with
// importSourceClips: true and sourceClipsPath = the takes folder: Resolve brings the takes in
// itself, into the current bin (a `libero` bin, made current for the import, and the editor's
// bin restored afterwards). Every item's media is then checked (GetMediaPoolItem(), its
// 'File Path' on disk) and what is offline is listed. The render is imported only when no clip
// of the pool already has its path, so repeated Bring backs never import a file twice.
'use strict';

const { existsSync } = require('node:fs');
const { readFile } = require('node:fs/promises');
const { fileURLToPath } = require('node:url');
const { ResolveActionError } = require('./resolve-error.js');
const { currentProject, timelineNames } = require('./resolve-session.js');

/** The first free name `<base> libero v<N>` among the project's timelines. */
function nextTimelineName(base, existing) {
  const taken = new Set(existing);
  for (let n = 1; ; n += 1) {
    const name = `${base} libero v${n}`;
    if (!taken.has(name)) return name;
  }
}

/** The `libero` bin under the root folder, made when missing; the root when Resolve refuses. */
function liberoBin(mediaPool) {
  const root = mediaPool.GetRootFolder();
  const existing = (root.GetSubFolderList() ?? []).find((f) => f.GetName() === 'libero');
  if (existing != null) return existing;
  // AddSubFolder answers None when Resolve cannot make the bin (a locked or shared project):
  // the takes then go into the root bin rather than nowhere.
  return mediaPool.AddSubFolder(root, 'libero') ?? root;
}

/** Paths of every clip in `folder` and its subfolders ('File Path' of each MediaPoolItem). */
function pooledPaths(folder, into = new Set()) {
  for (const clip of folder.GetClipList() ?? []) {
    const path = clip.GetClipProperty('File Path');
    if (typeof path === 'string' && path !== '') into.add(path);
  }
  for (const sub of folder.GetSubFolderList() ?? []) pooledPaths(sub, into);
  return into;
}

/** The file each video clip of the conformed timeline names, per track (null: no file). */
function expectedFiles(otio) {
  const tracks = [];
  for (const track of otio?.tracks?.children ?? []) {
    if (track?.kind !== 'Video') continue;
    const files = [];
    for (const child of track.children ?? []) {
      if (!String(child?.OTIO_SCHEMA).startsWith('Clip.')) continue;
      const ref =
        child.media_references?.[child.active_media_reference_key] ?? child.media_reference;
      const url = typeof ref?.target_url === 'string' ? ref.target_url : null;
      files.push(url !== null && url.startsWith('file://') ? fileURLToPath(url) : url);
    }
    tracks.push(files);
  }
  return tracks;
}

/**
 * Each video item's media: online when its clip's 'File Path' is on disk and is the file the
 * conformed timeline names (Resolve's search under sourceClipsPath goes by file name, and every
 * shot has a take-001); otherwise offline, with the file it should have been.
 */
function checkMedia(timeline, expected) {
  const online = [];
  const offline = [];
  const tracks = Number(timeline.GetTrackCount('video') ?? 0);
  for (let t = 1; t <= tracks; t += 1)
    (timeline.GetItemListInTrack('video', t) ?? []).forEach((item, i) => {
      const clip = item.GetMediaPoolItem();
      const file = clip == null ? null : clip.GetClipProperty('File Path') || null;
      const wanted = expected[t - 1]?.[i] ?? file;
      if (file !== null && file === wanted && existsSync(file))
        online.push({ clip: item.GetName(), file });
      else offline.push({ clip: item.GetName(), file: wanted });
    });
  return { online, offline };
}

/**
 * @param {{resolve: any, conformedPath: string, baseName: string, takesFolder: string, renderPath: string|null}} options
 * @returns {Promise<{timeline: string, bin: string, online: {clip: string, file: string}[], offline: {clip: string, file: string|null}[], render: boolean}>}
 */
async function bringBack({ resolve, conformedPath, baseName, takesFolder, renderPath }) {
  const project = currentProject(resolve);
  let conformed;
  try {
    conformed = JSON.parse(await readFile(conformedPath, 'utf8'));
  } catch {
    throw new ResolveActionError(
      'RESOLVE_IMPORT_FAILED',
      `There is no readable conformed timeline at ${conformedPath} yet: wait until libero has generated the shots.`,
      { file: conformedPath },
    );
  }
  const mediaPool = project.GetMediaPool();
  const editorsBin = mediaPool.GetCurrentFolder();
  const bin = liberoBin(mediaPool);
  const name = nextTimelineName(baseName, timelineNames(project));
  let timeline = null;
  let render = false;
  let failure = null;
  mediaPool.SetCurrentFolder(bin);
  try {
    timeline = mediaPool.ImportTimelineFromFile(conformedPath, {
      timelineName: name,
      importSourceClips: true,
      sourceClipsPath: takesFolder,
    });
    if (timeline == null)
      throw new ResolveActionError(
        'RESOLVE_IMPORT_FAILED',
        `DaVinci Resolve could not import ${conformedPath} as a timeline (OTIO import through the scripting API needs Resolve Studio 18.6.5 or newer).`,
        { file: conformedPath },
      );
    if (renderPath !== null && existsSync(renderPath)) {
      const pooled = pooledPaths(mediaPool.GetRootFolder());
      render = pooled.has(renderPath) || (mediaPool.ImportMedia([renderPath]) ?? []).length > 0;
    }
  } catch (error) {
    failure = error;
  }
  // The editor's bin comes back, unless Resolve stopped answering (that call would block too).
  if (editorsBin != null && failure?.code !== 'RESOLVE_TIMEOUT')
    mediaPool.SetCurrentFolder(editorsBin);
  if (failure !== null) throw failure;
  project.SetCurrentTimeline(timeline);
  const { online, offline } = checkMedia(timeline, expectedFiles(conformed));
  return { timeline: name, bin: bin.GetName(), online, offline, render };
}

module.exports = { bringBack, nextTimelineName };
