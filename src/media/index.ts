export { ffmpegArgv } from './ffmpeg-job.js';
export type { FfmpegInput, FfmpegOutput, FfmpegJob } from './ffmpeg-job.js';
export { findFfmpeg } from './find-ffmpeg.js';
export type { FfmpegPaths } from './find-ffmpeg.js';
export { runFfmpeg, ffmpegVersion, ffmpegQuery } from './run-ffmpeg.js';
export type { FfmpegProgress, FfmpegResult, RunFfmpegOptions } from './run-ffmpeg.js';
export { probeMedia } from './probe-media.js';
export { extractFrames, extractAudio } from './extract-frames.js';
export type { ExtractFramesOptions, ExtractAudioOptions } from './extract-frames.js';
export type { ProbedMedia, ProbedStream, Rate } from './probe-media.js';
export { checkFilters, parseFilterList, NEEDED_FILTERS } from './check-filters.js';
export type { FilterCheck } from './check-filters.js';
export { parseFrameMetadata } from './frame-metadata.js';
export type { FrameMetadata } from './frame-metadata.js';
export { buildColourStatsJob, parseColourStats, measureColourStats } from './colour-stats-pass.js';
export type {
  ColourFrame,
  PlaneLevels,
  ColourStatsJobOptions,
  MeasureColourStatsOptions,
} from './colour-stats-pass.js';
export {
  buildQcPassJob,
  parseQcPass,
  qcAnalysisSize,
  runQcPass,
  DEFAULT_QC_PASS_SETTINGS,
} from './qc-pass.js';
export type {
  FrameMotion,
  QcAnalysisSize,
  QcFrame,
  QcPassFiles,
  QcPassResult,
  QcPassSettings,
  QcPassTexts,
  RunQcPassOptions,
  TimeRun,
} from './qc-pass.js';
