// The plugin's logic, for main.js and the tests (types in index.d.ts).
export { ResolveActionError, toPanelError } from './resolve-error.js';
export { currentProject, currentTimeline, timelineNames } from './resolve-session.js';
export { sendTimeline } from './send-timeline.js';
export { placeRegenMarker } from './place-regen-marker.js';
export { bringBack, nextTimelineName } from './bring-back.js';
export { serviceClient } from './service-client.js';
export { createPluginActions } from './plugin-actions.js';
