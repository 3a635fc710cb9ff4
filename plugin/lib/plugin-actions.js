// What the panel's Resolve buttons do, as plain functions of the Resolve object and a client of
// `libero serve`. The Electron main process wires them to IPC; the tests call them with a
// recording stand-in of Resolve and a real service.
'use strict';

const { basename, dirname, sep } = require('node:path');
const { bringBack } = require('./bring-back.js');
const { placeRegenMarker } = require('./place-regen-marker.js');
const { ResolveActionError, toPanelError } = require('./resolve-error.js');
const { sendTimeline } = require('./send-timeline.js');

/** Runs an action and returns `{ok: true, ...result}` or `{ok: false, error}` (never throws). */
async function settle(action) {
  try {
    return { ok: true, ...(await action()) };
  } catch (error) {
    return { ok: false, error: error?.api ?? toPanelError(error) };
  }
}

/** The deepest folder holding every take (Resolve's sourceClipsPath for the import). */
function takesFolder(media, fallback) {
  if (media.length === 0) return fallback;
  let common = dirname(media[0]).split(/[\\/]/);
  for (const file of media.slice(1)) {
    const parts = dirname(file).split(/[\\/]/);
    let n = 0;
    while (n < common.length && n < parts.length && common[n] === parts[n]) n += 1;
    common = common.slice(0, n);
  }
  const joined = common.join(sep);
  return joined === '' ? fallback : joined;
}

/**
 * @param {{resolve: any, client: ReturnType<typeof import('./service-client.js').serviceClient>, problem?: string | null}} options
 *   `problem`: why there is no Resolve session (connectResolve's answer), said by every button
 */
function createPluginActions({ resolve, client, problem = null }) {
  /** Runs an action that needs Resolve: the reason there is no session comes first. */
  const withResolve = (action) =>
    settle(async () => {
      if (resolve == null && problem !== null)
        throw new ResolveActionError('RESOLVE_API_UNAVAILABLE', problem);
      return action();
    });
  return {
    /** Exports the current timeline into the file the service watches. */
    send: () =>
      withResolve(async () => {
        const paths = await client.paths();
        return sendTimeline({ resolve, target: paths.timeline });
      }),
    /** Marks the clip under the playhead for a new take, then sends the timeline. */
    placeRegenMarker: (note) =>
      withResolve(async () => {
        const marker = placeRegenMarker({ resolve, note: String(note ?? '') });
        const paths = await client.paths();
        const sent = await sendTimeline({ resolve, target: paths.timeline });
        return { marker, sent };
      }),
    /** Imports the conformed timeline (new, versioned name) and the render. */
    bringBack: () =>
      withResolve(async () => {
        const paths = await client.paths();
        const base = basename(paths.timeline).replace(/\.otio$/i, '');
        return bringBack({
          resolve,
          conformedPath: paths.conformed,
          baseName: base,
          takesFolder: takesFolder(paths.media, dirname(paths.conformed)),
          renderPath: paths.render,
        });
      }),
  };
}

module.exports = { createPluginActions, takesFolder };
