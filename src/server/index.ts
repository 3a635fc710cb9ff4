/** The service: `libero serve` (REST + WebSocket, watcher, panel) and its client helpers. */
export * from './api-contract.js';
export { startServer } from './start-server.js';
export type { StartServerOptions, RunningServer } from './start-server.js';
export { loadOrCreateToken, readToken, userConfigDir, tokenPath } from './auth-token.js';
export type { ServiceToken } from './auth-token.js';
export { fetchProject } from './fetch-project.js';
export type { ProjectEngine, EngineProject, EngineShot, EngineTake } from './project-engine.js';
export { conformedPathFor, configPathFor } from './timeline-watcher.js';
export { createPipelineEngine } from './pipeline-engine.js';
export type { PipelineEngineOptions } from './pipeline-engine.js';
