// The plugin's logic, for main.js and the tests (types in index.d.ts). CommonJS: Resolve before
// 20.1 runs plugins with an Electron that cannot load an ES-module main process.
'use strict';

module.exports = {
  ...require('./resolve-error.js'),
  ...require('./api-timeout.js'),
  ...require('./resolve-session.js'),
  ...require('./send-timeline.js'),
  ...require('./replace-file.js'),
  ...require('./playhead-frame.js'),
  ...require('./place-regen-marker.js'),
  ...require('./bring-back.js'),
  ...require('./service-client.js'),
  ...require('./route-navigation.js'),
  ...require('./plugin-actions.js'),
};
