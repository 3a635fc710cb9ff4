// "Regenerate from the timeline": put a `regen` marker on the clip under the playhead, at the
// playhead. The next export carries it, and libero makes exactly one new take of that shot. The
// marker's note may change the take (`more fog` adds to the prompt, `prompt: ...` replaces it,
// `seed: 42`, `motion: slow pan left`).
//
// A TimelineItem's marker frameId counts from the start of its media, not from the start of the
// visible clip: on a clip trimmed at the head by N frames (GetLeftOffset() = N), frame 0 lies
// before the clip's first visible frame. The marker goes at
//
//   media: |<-- left offset -->|====== visible clip ======|
//   frameId = GetLeftOffset() + (playhead - GetStart())     ^ playhead
'use strict';

const { timecodeToFrame } = require('./playhead-frame.js');
const { ResolveActionError } = require('./resolve-error.js');
const { currentTimeline } = require('./resolve-session.js');

/** The frame (media frameId) nearest to `wanted` inside [first, last] without a marker. */
function freeFrame(wanted, first, last, taken) {
  for (let step = 0; step <= last - first; step += 1) {
    if (wanted + step <= last && !taken.has(wanted + step)) return wanted + step;
    if (wanted - step >= first && !taken.has(wanted - step)) return wanted - step;
  }
  return null;
}

/**
 * Adds a regen marker on the current video item (the clip under the playhead), at the playhead.
 * @param {{resolve: any, note: string}} options
 * @returns {{clip: string, frame: number}} `frame`: the marker's frameId (from the media start)
 */
function placeRegenMarker({ resolve, note }) {
  const { timeline } = currentTimeline(resolve);
  const item = timeline.GetCurrentVideoItem();
  if (item == null)
    throw new ResolveActionError(
      'RESOLVE_NO_CLIP',
      `No clip is under the playhead in timeline "${timeline.GetName()}": move the playhead onto the shot to regenerate.`,
      { timeline: timeline.GetName() },
    );
  const clip = item.GetName();
  const leftOffset = Math.max(0, Math.round(Number(item.GetLeftOffset() ?? 0)));
  const duration = Math.max(1, Math.round(Number(item.GetDuration())));
  const first = leftOffset;
  const last = leftOffset + duration - 1;
  const playhead = timecodeToFrame(
    timeline.GetCurrentTimecode(),
    Number(timeline.GetSetting('timelineFrameRate')),
  );
  const intoClip = playhead === null ? 0 : playhead - Math.round(Number(item.GetStart()));
  const wanted = Math.min(last, Math.max(first, first + intoClip));
  // Clip markers are keyed by their frameId; one marker per frame.
  const taken = new Set(Object.keys(item.GetMarkers() ?? {}).map((k) => Math.round(Number(k))));
  const frame = freeFrame(wanted, first, last, taken);
  const ok =
    frame !== null &&
    item.AddMarker(frame, 'Red', 'regen', note ?? '', 1, `libero:regen:${Date.now()}`);
  if (!ok)
    throw new ResolveActionError(
      'RESOLVE_MARKER_FAILED',
      frame === null
        ? `Every visible frame of clip "${clip}" already carries a marker: remove one, then try again.`
        : `DaVinci Resolve refused to add a marker on clip "${clip}" at frame ${frame} of its media.`,
      { clip, frame },
    );
  return { clip, frame };
}

module.exports = { placeRegenMarker };
