// The Electron main process of the Resolve Workflow Integration plugin. Resolve runs it with its
// bundled Electron (sandboxed renderer, context isolation since 19.0.2). The Resolve object and
// the client of `libero serve` live here; the page (the same panel the service serves) reaches
// them only through the IPC calls exposed by preload.cjs.
// WorkflowIntegration.node is copied from Resolve's Developer/Workflow Integrations/Examples/
// SamplePlugin by `libero plugin install`; it is never part of libero's repository.
import { app, BrowserWindow, ipcMain } from 'electron';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPluginActions } from './lib/plugin-actions.js';
import { serviceClient } from './lib/service-client.js';

const PLUGIN_ID = 'com.libero.panel';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function connectResolve() {
  try {
    const wi = require('./WorkflowIntegration.node');
    if (wi.Initialize(PLUGIN_ID)) return { wi, resolve: wi.GetResolve() };
  } catch (error) {
    console.error('libero: cannot load WorkflowIntegration.node', error);
  }
  return { wi: null, resolve: null };
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

async function main() {
  await app.whenReady();
  const { wi, resolve } = connectResolve();
  let settings = await loadSettings();
  let actions = createPluginActions({ resolve, client: serviceClient(settings) });
  const window = new BrowserWindow({
    width: 1100,
    height: 800,
    title: 'libero',
    webPreferences: { preload: join(here, 'preload.cjs'), contextIsolation: true, sandbox: true },
  });
  const showPanel = async () => {
    try {
      await serviceClient(settings).health();
      await window.loadURL(serviceClient(settings).panelUrl());
    } catch {
      await window.loadFile(join(here, 'connect.html'));
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
    actions = createPluginActions({ resolve, client: serviceClient(settings) });
    await showPanel();
    return { ok: true };
  });
  ipcMain.handle('libero:send', () => actions.send());
  ipcMain.handle('libero:regen-marker', (_event, note) => actions.placeRegenMarker(note));
  ipcMain.handle('libero:bring-back', () => actions.bringBack());
  await showPanel();
  app.on('window-all-closed', () => {
    wi?.CleanUp();
    app.quit();
  });
}

void main();
