// "Regenerate from the timeline": put a `regen` marker on the clip under the playhead. The next
// export carries it, and libero makes exactly one new take of that shot. The marker's note may
// change the take (`more fog` adds to the prompt, `prompt: ...` replaces it, `seed: 42`, `motion: slow pan left`).
import { ResolveActionError } from './resolve-error.js';
import { currentTimeline } from './resolve-session.js';

/**
 * Adds a regen marker on the current video item (the clip under the playhead).
 * @param {{resolve: any, note: string}} options
 * @returns {{clip: string, frame: number}}
 */
export function placeRegenMarker({ resolve, note }) {
  const { timeline } = currentTimeline(resolve);
  const item = timeline.GetCurrentVideoItem();
  if (item == null)
    throw new ResolveActionError(
      'RESOLVE_NO_CLIP',
      `No clip is under the playhead in timeline "${timeline.GetName()}": move the playhead onto the shot to regenerate.`,
      { timeline: timeline.GetName() },
    );
  // Clip markers are keyed by their frame offset inside the clip; one marker per frame.
  const taken = new Set(Object.keys(item.GetMarkers() ?? {}).map((k) => Math.round(Number(k))));
  const duration = Math.max(1, Math.round(Number(item.GetDuration())));
  let frame = 0;
  while (taken.has(frame) && frame < duration - 1) frame += 1;
  const customData = `libero:regen:${Date.now()}`;
  const ok = item.AddMarker(frame, 'Red', 'regen', note ?? '', 1, customData);
  if (!ok)
    throw new ResolveActionError(
      'RESOLVE_MARKER_FAILED',
      `DaVinci Resolve refused to add a marker on clip "${item.GetName()}" (every frame of the clip may already carry a marker).`,
      { clip: item.GetName() },
    );
  return { clip: item.GetName(), frame };
}
