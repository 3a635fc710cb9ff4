// Finding the current project and timeline through Resolve's scripting object, with the
// errors an editor understands. Every function takes the `resolve` object as a parameter
// (WorkflowIntegration.GetResolve() in the plugin, a recording stand-in in the tests).
'use strict';

const { guardApiTimeout } = require('./api-timeout.js');
const { ResolveActionError } = require('./resolve-error.js');

/**
 * Starts the Workflow Integration session: Initialize(pluginId) (the manifest's <Id>), then
 * SetAPITimeout so that a call blocked by a dialog in Resolve comes back, and the Resolve object
 * guarded so that such a call becomes RESOLVE_TIMEOUT. When there is no session, `resolve` is
 * null and `problem` says why, in words for the panel.
 * @param {any} wi the WorkflowIntegration.node module, or null when it could not be loaded
 * @param {{pluginId: string, timeoutSeconds: number, now: () => number}} options
 */
function connectResolve(wi, { pluginId, timeoutSeconds, now }) {
  if (wi == null)
    return {
      resolve: null,
      timeoutSeconds: 0,
      problem:
        "The plugin folder has no loadable WorkflowIntegration.node: run `libero plugin install` again (it copies the file from Resolve's Developer/Workflow Integrations/Examples/SamplePlugin), then restart DaVinci Resolve Studio.",
    };
  if (!wi.Initialize(pluginId))
    return {
      resolve: null,
      timeoutSeconds: 0,
      problem: `DaVinci Resolve refused WorkflowIntegration.Initialize("${pluginId}"): the plugin's manifest.xml <Id> must be ${pluginId}, and Workflow Integrations need DaVinci Resolve Studio.`,
    };
  // SetAPITimeout is in every Workflow Integrations README since 18.x; without it calls never
  // time out, so the guard below has nothing to notice.
  const timed =
    typeof wi.SetAPITimeout === 'function' && wi.SetAPITimeout(timeoutSeconds) !== false;
  const raw = wi.GetResolve();
  if (raw == null)
    return {
      resolve: null,
      timeoutSeconds: 0,
      problem:
        'WorkflowIntegration.GetResolve() gave no Resolve object: restart DaVinci Resolve Studio and open the panel again.',
    };
  const seconds = timed ? timeoutSeconds : 0;
  return {
    resolve: guardApiTimeout(raw, { timeoutSeconds: seconds, now }),
    timeoutSeconds: seconds,
    problem: null,
  };
}

/** The current project, or a clear error (free edition without the API, nothing open). */
function currentProject(resolve) {
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
function currentTimeline(resolve) {
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
function timelineNames(project) {
  const names = [];
  const count = project.GetTimelineCount();
  for (let i = 1; i <= count; i += 1) names.push(project.GetTimelineByIndex(i)?.GetName());
  return names.filter((n) => typeof n === 'string');
}

module.exports = { connectResolve, currentProject, currentTimeline, timelineNames };
