// Finding the current project and timeline through Resolve's scripting object, with the
// errors an editor understands. Every function takes the `resolve` object as a parameter
// (WorkflowIntegration.GetResolve() in the plugin, a recording stand-in in the tests).
import { ResolveActionError } from './resolve-error.js';

/** The current project, or a clear error (free edition without the API, nothing open). */
export function currentProject(resolve) {
  if (resolve == null || typeof resolve.GetProjectManager !== 'function')
    throw new ResolveActionError(
      'RESOLVE_API_UNAVAILABLE',
      "DaVinci Resolve's scripting API is not available: the libero panel needs DaVinci Resolve Studio (Workflow Integrations are a Studio feature). Use the scripting-console steps in libero's README instead.",
    );
  const project = resolve.GetProjectManager()?.GetCurrentProject();
  if (project == null)
    throw new ResolveActionError(
      'RESOLVE_NO_PROJECT',
      'No project is open in DaVinci Resolve: open the project first.',
    );
  return project;
}

/** The current timeline of the current project. */
export function currentTimeline(resolve) {
  const project = currentProject(resolve);
  const timeline = project.GetCurrentTimeline();
  if (timeline == null)
    throw new ResolveActionError(
      'RESOLVE_NO_TIMELINE',
      `No timeline is open in project "${project.GetName()}": open the cut you want libero to work on.`,
      { project: project.GetName() },
    );
  return { project, timeline };
}

/** Names of every timeline of the project (1-based indexes in Resolve's API). */
export function timelineNames(project) {
  const names = [];
  const count = project.GetTimelineCount();
  for (let i = 1; i <= count; i += 1) names.push(project.GetTimelineByIndex(i)?.GetName());
  return names.filter((n) => typeof n === 'string');
}
