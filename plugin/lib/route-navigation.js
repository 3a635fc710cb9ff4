// What the plugin window does with a link: the panel page itself may load; anything else (the
// rendered .mp4 behind "open render", a take, a page elsewhere) must not replace the panel,
// because the window has no back button and the editor would lose the panel. Files of the project
// open in the system's player (shell.openPath), other pages in the browser. Pure.
'use strict';

const { fileURLToPath } = require('node:url');

/**
 * @param {{url: string, serviceOrigin: string | null}} options
 * @returns {{kind: 'allow'} | {kind: 'open-served-file', relative: string} | {kind: 'open-path', path: string} | {kind: 'open-external', url: string} | {kind: 'deny'}}
 */
function routeNavigation({ url, serviceOrigin }) {
  let target;
  try {
    target = new URL(url);
  } catch {
    return { kind: 'deny' };
  }
  if (target.protocol === 'file:') return { kind: 'open-path', path: fileURLToPath(target) };
  if (serviceOrigin !== null && target.origin === serviceOrigin) {
    if (target.pathname === '/' || target.pathname === '/index.html') return { kind: 'allow' };
    if (target.pathname.startsWith('/api/files/'))
      return {
        kind: 'open-served-file',
        relative: target.pathname
          .slice('/api/files/'.length)
          .split('/')
          .map(decodeURIComponent)
          .join('/'),
      };
    return { kind: 'open-external', url: target.href };
  }
  if (target.protocol === 'http:' || target.protocol === 'https:')
    return { kind: 'open-external', url: target.href };
  return { kind: 'deny' };
}

/**
 * The local file behind a served path (`out/trailer.mp4`): the render or a take the service
 * named in GET /api/paths whose path ends with it; null when none does.
 * @param {{relative: string, paths: {render: string|null, media: string[]}}} options
 */
function localFileFor({ relative, paths }) {
  const tail = relative.split('/').filter((p) => p !== '');
  const matches = (file) => {
    const parts = file.split(/[\\/]/);
    return tail.length > 0 && tail.every((p, i) => parts[parts.length - tail.length + i] === p);
  };
  return [paths.render, ...paths.media].find((f) => typeof f === 'string' && matches(f)) ?? null;
}

module.exports = { routeNavigation, localFileFor };
