export type { ShotSpec, ShotLora, ShotTemplates } from './shot-spec.js';
export { shotSeconds } from './shot-spec.js';
export {
  readClipDirectives,
  readRegenMarkers,
  regenFromRequests,
  splitClipName,
} from './clip-directives.js';
export type {
  ClipDirectives,
  DirectiveProblem,
  RegenMarker,
  ShotDirectives,
} from './clip-directives.js';
export {
  resolveShotSpec,
  applyStylePrefix,
  applyTriggerWords,
  defaultSeedFor,
} from './resolve-shot-spec.js';
export type { ResolveShotSpecOptions, ResolvedShotSpec } from './resolve-shot-spec.js';
export {
  findShots,
  slugShotId,
  specHash,
  pathOfTargetUrl,
  PLACEHOLDER_GENERATOR_KIND,
} from './find-shots.js';
export type {
  FindShotsOptions,
  FindShotsResult,
  NeedsPrompt,
  OfflineClip,
  ShotEntry,
} from './find-shots.js';
export { classifyClip } from './classify-clip.js';
export type {
  ClassifyClipOptions,
  ClipClass,
  ClipClassName,
  PlaceholderRule,
} from './classify-clip.js';
export { editorMediaPath, isWindowsPath, localMediaPath, sharedMissingRoots } from './path-map.js';
export type { PathMapping } from './path-map.js';
export { sequenceFramePath, sequenceFramesOf } from './sequence-frames.js';
export type { SequenceFrame, SequenceFrames } from './sequence-frames.js';
export { diffShots } from './diff-shots.js';
export type { ShotChange, ShotChangeKind } from './diff-shots.js';
export { takeKey, takeNumberOf, activeTakeNumber } from './take-key.js';
export type { ActiveTakeOptions } from './take-key.js';
