// Types of the plugin's logic (the modules are plain JavaScript so Resolve's Electron runs them
// without a build step).
import type { ApiError, PathsResponse, ProjectResponse } from '../../src/server/api-contract.js';

/** Any Resolve scripting object (the real one or the tests' stand-in). */
export type ResolveObject = unknown;

export type ResolveErrorCode =
  | 'RESOLVE_API_UNAVAILABLE'
  | 'RESOLVE_NO_PROJECT'
  | 'RESOLVE_NO_TIMELINE'
  | 'RESOLVE_NO_CLIP'
  | 'RESOLVE_EXPORT_FAILED'
  | 'RESOLVE_IMPORT_FAILED'
  | 'RESOLVE_MARKER_FAILED';

export declare class ResolveActionError extends Error {
  constructor(code: ResolveErrorCode, message: string, details?: Record<string, unknown>);
  readonly code: ResolveErrorCode;
  readonly details: Record<string, unknown>;
}
export declare function toPanelError(error: unknown): ApiError;
export declare function currentProject(resolve: ResolveObject): unknown;
export declare function currentTimeline(resolve: ResolveObject): {
  project: unknown;
  timeline: unknown;
};
export declare function timelineNames(project: unknown): string[];
export declare function sendTimeline(options: {
  resolve: ResolveObject;
  target: string;
}): Promise<{ timeline: string; file: string; bytes: number }>;
export declare function placeRegenMarker(options: { resolve: ResolveObject; note: string }): {
  clip: string;
  frame: number;
};
export declare function nextTimelineName(base: string, existing: readonly string[]): string;
export interface BringBackResult {
  timeline: string;
  offline: string[];
  render: boolean;
}
export declare function bringBack(options: {
  resolve: ResolveObject;
  conformedPath: string;
  baseName: string;
  mediaFiles: readonly string[];
  renderPath: string | null;
}): Promise<BringBackResult>;
export interface ServiceClient {
  health(): Promise<unknown>;
  project(): Promise<ProjectResponse>;
  paths(): Promise<PathsResponse>;
  regenerate(shotId: string, overrides?: Record<string, unknown>): Promise<unknown>;
  panelUrl(): string;
}
export declare function serviceClient(connection: { url: string; token: string }): ServiceClient;
export type ActionResult<T> = ({ ok: true } & T) | { ok: false; error: ApiError };
export interface PluginActions {
  send(): Promise<ActionResult<{ timeline: string; file: string; bytes: number }>>;
  placeRegenMarker(note: string): Promise<
    ActionResult<{
      marker: { clip: string; frame: number };
      sent: { timeline: string; file: string };
    }>
  >;
  bringBack(): Promise<ActionResult<BringBackResult>>;
}
export declare function createPluginActions(options: {
  resolve: ResolveObject;
  client: ServiceClient;
}): PluginActions;
