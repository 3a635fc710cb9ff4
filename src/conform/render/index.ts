/** The renderer: OTIO timeline -> render plan (plain data) -> ffmpeg -> H.264 master. */
export {
  timelineToRenderPlan,
  referencedMediaPaths,
  timelineFrames,
} from './timeline-to-render-plan.js';
export type { RenderAudio, TimelineToRenderPlanOptions } from './timeline-to-render-plan.js';
export { executeRenderPlan } from './execute-render-plan.js';
export type { ExecuteRenderPlanOptions } from './execute-render-plan.js';
export { gatherMediaFacts } from './gather-media-facts.js';
export { gatherSequenceFacts } from './gather-sequence-facts.js';
export { referencedSequences, sequencePattern } from './sequence-sources.js';
export type { SequenceUse } from './sequence-sources.js';
export type { MediaFacts, MediaFactsByPath } from './media-facts.js';
export { timelineRate, frameRateOf } from './timeline-rate.js';
export { parseRenderRange } from './render-range.js';
export { DEFAULT_OUTPUT, rateString } from './render-plan.js';
export type * from './render-plan.js';
export type { RenderProgress, RenderSummary } from './render-summary.js';
export { cdlFromMetadata, cdlFilter, applyCdl, isIdentityCdl } from './cdl.js';
export type { Cdl, CdlOrigin } from './cdl.js';
