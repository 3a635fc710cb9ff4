// What the panel's Resolve buttons do, as plain functions of the Resolve object and a client of
// `libero serve`. The Electron main process wires them to IPC; the tests call them with a
// recording stand-in of Resolve and a real service.
import { basename } from 'node:path';
import { bringBack } from './bring-back.js';
import { placeRegenMarker } from './place-regen-marker.js';
import { toPanelError } from './resolve-error.js';
import { sendTimeline } from './send-timeline.js';

/** Runs an action and returns `{ok: true, ...result}` or `{ok: false, error}` (never throws). */
async function settle(action) {
  try {
    return { ok: true, ...(await action()) };
  } catch (error) {
    return { ok: false, error: error?.api ?? toPanelError(error) };
  }
}

/**
 * @param {{resolve: any, client: ReturnType<typeof import('./service-client.js').serviceClient>}} options
 */
export function createPluginActions({ resolve, client }) {
  return {
    /** Exports the current timeline into the file the service watches. */
    send: () =>
      settle(async () => {
        const paths = await client.paths();
        return sendTimeline({ resolve, target: paths.timeline });
      }),
    /** Marks the clip under the playhead for a new take, then sends the timeline. */
    placeRegenMarker: (note) =>
      settle(async () => {
        const marker = placeRegenMarker({ resolve, note: String(note ?? '') });
        const paths = await client.paths();
        const sent = await sendTimeline({ resolve, target: paths.timeline });
        return { marker, sent };
      }),
    /** Imports the conformed timeline (new, versioned name) and the render. */
    bringBack: () =>
      settle(async () => {
        const paths = await client.paths();
        const base = basename(paths.timeline).replace(/\.otio$/i, '');
        return bringBack({
          resolve,
          conformedPath: paths.conformed,
          baseName: base,
          mediaFiles: paths.media,
          renderPath: paths.render,
        });
      }),
  };
}
