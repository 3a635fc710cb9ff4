export {
  projectConfigSchema,
  defaultProjectConfig,
  DEFAULT_VIDEO_NEGATIVE_PROMPT,
} from './project-config.js';
export type { ProjectConfig, ProjectConfigInput } from './project-config.js';
export { parseProjectConfig, describeIssue } from './parse-project-config.js';
export type { ParseProjectConfigOptions } from './parse-project-config.js';
export { readProjectConfig, PROJECT_CONFIG_FILE } from './project-config-fs.js';
export { requireStudioCache, studioConfigSchema, studioSettingsFrom } from './studio-settings.js';
export type { StudioConfig, StudioSettings } from './studio-settings.js';
