// The Electron main process of the Resolve Workflow Integration plugin. Resolve runs it with its
// bundled Electron (sandboxed renderer, context isolation since 19.0.2). The Resolve object and
// the client of `libero serve` live here; the page (the same panel the service serves) reaches
// them only through the IPC calls exposed by preload.cjs.
// CommonJS on purpose: an ES-module main process needs Electron 28, and Resolve before 20.1 ships
// an older one; the service is reached with Node's http (no global fetch before Electron 23).
// WorkflowIntegration.node is copied from Resolve's Developer/Workflow Integrations/Examples/
// SamplePlugin by `libero plugin install`; it is never part of libero's repository.
'use strict';

const { app, BrowserWindow, ipcMain, shell } = require('electron');
const { readFile, writeFile, mkdir } = require('node:fs/promises');
const { dirname, join } = require('node:path');
const {
  DEFAULT_API_TIMEOUT_SECONDS,
  connectResolve,
  createPluginActions,
  localFileFor,
  routeNavigation,
  serviceClient,
} = require('./lib/index.js');

const PLUGIN_ID = 'com.libero.panel';

function loadWorkflowIntegration() {
  try {
    return require(join(__dirname, 'WorkflowIntegration.node'));
  } catch (error) {
    console.error('libero: cannot load WorkflowIntegration.node', error);
    return null;
  }
}

const settingsFile = () => join(app.getPath('userData'), 'libero-connection.json');

async function loadSettings() {
  try {
    return JSON.parse(await readFile(settingsFile(), 'utf8'));
  } catch {
    return { url: 'http://127.0.0.1:7370', token: '' };
  }
}

async function saveSettings(settings) {
  await mkdir(dirname(settingsFile()), { recursive: true });
  await writeFile(settingsFile(), JSON.stringify(settings), { mode: 0o600 });
}

/** Opens what the page asked for outside the panel window (the panel itself stays). */
async function openOutside(route, client) {
  switch (route.kind) {
    case 'open-path':
      return shell.openPath(route.path);
    case 'open-served-file': {
      // The render or a take: the system's player opens the local file; else the browser.
      const paths = await client.paths().catch(() => null);
      const file = paths === null ? null : localFileFor({ relative: route.relative, paths });
      if (file !== null) return shell.openPath(file);
      return shell.openExternal(new URL(`/api/files/${route.relative}`, client.origin()).href);
    }
    case 'open-external':
      return shell.openExternal(route.url);
    default:
      return undefined;
  }
}

async function main() {
  await app.whenReady();
  const wi = loadWorkflowIntegration();
  const { resolve, problem } = connectResolve(wi, {
    pluginId: PLUGIN_ID,
    timeoutSeconds: DEFAULT_API_TIMEOUT_SECONDS,
    now: () => Date.now(),
  });
  let settings = await loadSettings();
  let client = serviceClient(settings);
  let actions = createPluginActions({ resolve, client, problem });
  const window = new BrowserWindow({
    width: 1100,
    height: 800,
    title: 'libero',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
    },
  });
  const serviceOrigin = () => {
    try {
      return client.origin();
    } catch {
      return null;
    }
  };
  // Links never replace the panel: new windows are refused, navigation away is cancelled, and
  // what was asked for opens outside (system player for files, browser for pages).
  window.webContents.setWindowOpenHandler(({ url }) => {
    const route = routeNavigation({ url, serviceOrigin: serviceOrigin() });
    void openOutside(route, client).catch((e) => console.error('libero: cannot open', url, e));
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    const route = routeNavigation({ url, serviceOrigin: serviceOrigin() });
    if (route.kind === 'allow') return;
    event.preventDefault();
    void openOutside(route, client).catch((e) => console.error('libero: cannot open', url, e));
  });
  const showPanel = async () => {
    try {
      await client.health();
      await window.loadURL(client.panelUrl());
    } catch {
      await window.loadFile(join(__dirname, 'connect.html'));
    }
  };
  ipcMain.handle('libero:connect', async (_event, next) => {
    const candidate = { url: String(next?.url ?? ''), token: String(next?.token ?? '') };
    try {
      await serviceClient(candidate).health();
    } catch (error) {
      return {
        ok: false,
        error: error?.api ?? { code: 'NETWORK', message: `no libero serve at ${candidate.url}` },
      };
    }
    settings = candidate;
    await saveSettings(settings);
    client = serviceClient(settings);
    actions = createPluginActions({ resolve, client, problem });
    await showPanel();
    return { ok: true };
  });
  ipcMain.handle('libero:send', () => actions.send());
  ipcMain.handle('libero:regen-marker', (_event, note) => actions.placeRegenMarker(note));
  ipcMain.handle('libero:bring-back', () => actions.bringBack());
  app.on('window-all-closed', () => {
    wi?.CleanUp?.();
    app.quit();
  });
  await showPanel();
}

main().catch((error) => console.error('libero: the panel could not start', error));
