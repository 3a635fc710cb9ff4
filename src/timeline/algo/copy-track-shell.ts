/** A copy of a track without its children (for algorithms that fill in new children). */
import { Track } from '../schema/track.js';
import { deepCopy } from '../serialize/deep-copy.js';

/** Same name, kind, metadata, source range, effects, markers, enabled, colour; no children. */
export function copyTrackShell(track: Track): Track {
  const out = new Track({
    name: track.name,
    kind: track.kind,
    metadata: deepCopy(track.metadata),
    sourceRange: track.sourceRange,
    effects: track.effects.map((e) => deepCopy(e)),
    markers: track.markers.map((m) => deepCopy(m)),
    enabled: track.enabled,
    color: track.color,
  });
  out.dynamicFields = deepCopy(track.dynamicFields);
  return out;
}
