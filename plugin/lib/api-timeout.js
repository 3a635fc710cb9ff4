// Resolve's scripting calls block the plugin until Resolve answers, and by default they never
// time out: a modal dialog in Resolve (a save prompt, a relink dialog) would freeze the panel for
// good. WorkflowIntegration.SetAPITimeout(secs) makes a blocked call give up and come back with
// no value; this guard notices such a call (no value, after the timeout) and turns it into a
// RESOLVE_TIMEOUT the panel shows, naming the call.
'use strict';

const { ResolveActionError } = require('./resolve-error.js');

/** What each call returns, to name the object in a timeout message (`Timeline.Export()`). */
const RETURNS = {
  GetProjectManager: 'ProjectManager',
  GetCurrentProject: 'Project',
  GetCurrentTimeline: 'Timeline',
  GetTimelineByIndex: 'Timeline',
  ImportTimelineFromFile: 'Timeline',
  GetMediaPool: 'MediaPool',
  GetRootFolder: 'Folder',
  GetCurrentFolder: 'Folder',
  GetSubFolderList: 'Folder',
  AddSubFolder: 'Folder',
  GetItemListInTrack: 'TimelineItem',
  GetCurrentVideoItem: 'TimelineItem',
  GetMediaPoolItem: 'MediaPoolItem',
  GetClipList: 'MediaPoolItem',
  ImportMedia: 'MediaPoolItem',
};

/** Seconds a Resolve call may take before the plugin gives up (WorkflowIntegration.SetAPITimeout). */
const DEFAULT_API_TIMEOUT_SECONDS = 30;

/**
 * Wraps Resolve's object so that every method call is timed: a call that returns nothing after
 * the API timeout has passed throws RESOLVE_TIMEOUT. Objects a call returns are wrapped the same
 * way; objects passed back to Resolve are unwrapped first (Resolve knows only its own objects).
 * @param {any} target the object WorkflowIntegration.GetResolve() returned
 * @param {{timeoutSeconds: number, now: () => number}} options
 */
function guardApiTimeout(target, { timeoutSeconds, now }) {
  const unwrapOf = new WeakMap();
  const wrapped = new WeakMap();
  const limitMs = timeoutSeconds * 1000;
  const unwrap = (value) => {
    if (Array.isArray(value)) return value.map(unwrap);
    if (value !== null && typeof value === 'object') {
      if (unwrapOf.has(value)) return unwrapOf.get(value);
      if (Object.getPrototypeOf(value) === Object.prototype) {
        const out = {};
        for (const [k, v] of Object.entries(value)) out[k] = unwrap(v);
        return out;
      }
    }
    return value;
  };
  const wrap = (value, path) => {
    if (Array.isArray(value)) return value.map((v) => wrap(v, path));
    if (value === null || typeof value !== 'object') return value;
    if (wrapped.has(value)) return wrapped.get(value);
    const proxy = new Proxy(value, {
      get(object, key) {
        const member = object[key];
        if (typeof member !== 'function') return member;
        const name = `${path}.${String(key)}`;
        return (...args) => {
          const started = now();
          const timedOut = (cause) =>
            new ResolveActionError(
              'RESOLVE_TIMEOUT',
              `DaVinci Resolve did not answer ${name}() within ${timeoutSeconds} s: a dialog is probably open in Resolve. Close it (or finish what Resolve is doing), then try again.`,
              {
                call: name,
                timeoutSeconds,
                ...(cause === undefined ? {} : { cause: String(cause) }),
              },
            );
          const late = () => timeoutSeconds > 0 && now() - started >= limitMs * 0.9;
          let result;
          try {
            result = member.apply(object, unwrap(args));
          } catch (error) {
            // A binding that throws on timeout instead of returning nothing: the same error.
            if (late()) throw timedOut(error?.message ?? error);
            throw error;
          }
          if ((result === undefined || result === null) && late()) throw timedOut(undefined);
          return wrap(result, RETURNS[key] ?? 'object');
        };
      },
    });
    unwrapOf.set(proxy, value);
    wrapped.set(value, proxy);
    return proxy;
  };
  return wrap(target, 'resolve');
}

module.exports = { guardApiTimeout, DEFAULT_API_TIMEOUT_SECONDS };
