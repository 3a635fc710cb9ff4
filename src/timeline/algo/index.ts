/** The edit algorithms: free functions over schema objects. */
export { flattenStack } from './flatten-stack.js';
export { trackTrimmedToRange } from './track-trimmed-to-range.js';
export { rangesOfTrackChildren } from './ranges-of-track-children.js';
export { transitionOffsets } from './transition-offsets.js';
export type { TransitionInTrack } from './transition-offsets.js';
export { timelineClips, findClips } from './timeline-clips.js';
export type { TrackClip } from './timeline-clips.js';
