/**
 * The plugin's Electron main process as Resolve runs it: loaded with Node's own `require` (no
 * vite transform, no ES-module loader), with `electron` and `WorkflowIntegration.node` answered
 * by stand-ins through Module._load, and with no global `fetch` (Resolve's Electron before 23
 * has none in the main process). Against a real `libero serve`: it sets the API timeout, shows
 * the connect page, connects, sends the cut over IPC, and keeps links from replacing the panel.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolveStandIn } from '../fakes/resolve-stand-in.js';
import { startHarness } from '../server/serve-harness.js';
import type { Harness } from '../server/serve-harness.js';
import { tinyTimeline } from '../server/tiny-project.js';

const nodeRequire = createRequire(import.meta.url);
const PLUGIN = resolvePath(import.meta.dirname, '../../plugin');
const MAIN = join(PLUGIN, 'main.js');

type Handler = (...args: unknown[]) => unknown;

/** What the main process does with Electron, recorded. */
function electronStandIn(userData: string) {
  const record = {
    windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
    ipc: new Map<string, Handler>(),
    opened: [] as string[],
    external: [] as string[],
    appEvents: new Map<string, Handler>(),
    openHandler: null as Handler | null,
    navigate: null as Handler | null,
    quit: 0,
  };
  class BrowserWindow {
    readonly loaded: string[] = [];
    readonly webContents = {
      setWindowOpenHandler: (fn: Handler) => {
        record.openHandler = fn;
      },
      on: (event: string, fn: Handler) => {
        if (event === 'will-navigate') record.navigate = fn;
      },
    };
    constructor(options: Record<string, unknown>) {
      record.windows.push({ options, loaded: this.loaded });
    }
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    async loadFile(file: string) {
      this.loaded.push(pathToFileURL(file).href);
    }
  }
  const electron = {
    app: {
      whenReady: async () => undefined,
      getPath: (name: string) => (name === 'userData' ? userData : tmpdir()),
      on: (event: string, fn: Handler) => record.appEvents.set(event, fn),
      quit: () => {
        record.quit += 1;
      },
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => record.ipc.set(channel, fn) },
    shell: {
      openPath: async (path: string) => {
        record.opened.push(path);
        return '';
      },
      openExternal: async (url: string) => {
        record.external.push(url);
      },
    },
  };
  return { electron, record };
}

async function until<T>(
  probe: () => T | false | Promise<T | false>,
  what: string,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the plugin main process under plain require (Node 20, CommonJS)', () => {
  let h: Harness;
  let userData = '';
  const originalLoad = (Module as unknown as { _load: Handler })._load;
  const originalFetch = globalThis.fetch;

  beforeAll(async () => {
    h = await startHarness({
      shots: [{ name: 'sh010', prompt: 'a partisan walking up a mountain path' }],
      writeTimeline: false,
    });
    userData = await mkdtemp(join(tmpdir(), 'libero-plugin-userdata-'));
  });
  afterAll(async () => {
    (Module as unknown as { _load: Handler })._load = originalLoad;
    globalThis.fetch = originalFetch;
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
    if (userData !== '') await rm(userData, { recursive: true, force: true });
  });

  it('has no ES-module syntax on the main side', async () => {
    for (const file of ['main.js', 'lib/index.js', 'lib/bring-back.js', 'lib/service-client.js']) {
      const text = await readFile(join(PLUGIN, file), 'utf8');
      expect(text, file).not.toMatch(/^\s*(import|export)\s/m);
      expect(text, file).not.toMatch(/import\.meta|\bfetch\(/);
    }
    expect(JSON.parse(await readFile(join(PLUGIN, 'package.json'), 'utf8')).type).toBe('commonjs');
  });

  it('loads, connects, sends over IPC and keeps links out of the panel window', async () => {
    const standIn = createResolveStandIn({
      timeline: JSON.parse(
        tinyTimeline([{ name: 'sh010', prompt: 'a partisan walking up a mountain path' }], 'cut'),
      ),
      projectName: 'Partigiano',
    });
    const { electron, record } = electronStandIn(userData);
    // nothing answers at the saved URL: the connect page is shown
    await writeFile(
      join(userData, 'libero-connection.json'),
      JSON.stringify({ url: 'http://127.0.0.1:9', token: 'old' }),
    );
    (Module as unknown as { _load: Handler })._load = function load(
      this: unknown,
      request: unknown,
      ...rest: unknown[]
    ) {
      if (request === 'electron') return electron;
      if (typeof request === 'string' && request.endsWith('WorkflowIntegration.node'))
        return standIn.workflowIntegration;
      return originalLoad.call(this, request, ...rest);
    };
    globalThis.fetch = (() => {
      throw new Error('the main process used the global fetch (absent before Electron 23)');
    }) as typeof fetch;
    for (const key of Object.keys(nodeRequire.cache))
      if (key.startsWith(PLUGIN)) delete nodeRequire.cache[key];

    nodeRequire(MAIN);
    const window = await until(
      () => record.windows[0]?.loaded[0] !== undefined && record.windows[0],
      'the first page',
    );
    expect(window.loaded).toEqual([pathToFileURL(join(PLUGIN, 'connect.html')).href]);
    expect(window.options['webPreferences']).toEqual({
      preload: join(PLUGIN, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
    });
    expect(existsSync(join(PLUGIN, 'preload.cjs'))).toBe(true);
    expect(standIn.calls.slice(0, 3).map((c) => [c.method, ...c.args])).toEqual([
      ['Initialize', 'com.libero.panel'],
      ['SetAPITimeout', 30],
      ['GetResolve'],
    ]);
    expect([...record.ipc.keys()].sort()).toEqual([
      'libero:bring-back',
      'libero:connect',
      'libero:regen-marker',
      'libero:send',
    ]);

    // a wrong token is refused with the service's error; the right one shows the panel
    const connect = record.ipc.get('libero:connect')!;
    const refused = (await connect({}, { url: h.base, token: 'wrong' })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toMatch(/AUTH|UNAUTHORIZED|HTTP_401/);
    expect(await connect({}, { url: h.base, token: h.token })).toEqual({ ok: true });
    expect(window.loaded.at(-1)).toBe(`${h.base}/?token=${encodeURIComponent(h.token)}`);
    expect(JSON.parse(await readFile(join(userData, 'libero-connection.json'), 'utf8'))).toEqual({
      url: h.base,
      token: h.token,
    });

    // Send through IPC: Resolve's export lands in the watched file
    const sent = (await record.ipc.get('libero:send')!({})) as { ok: boolean; file: string };
    expect(sent).toMatchObject({ ok: true, timeline: 'cut', file: h.timeline });
    expect(JSON.parse(await readFile(h.timeline, 'utf8')).name).toBe('cut');

    // links: the panel may reload itself; anything else opens outside and the panel stays
    const navigate = (url: string) => {
      let prevented = false;
      record.navigate!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate(`${h.base}/`)).toBe(false);
    expect(navigate('file:///tmp/a%20render.mp4')).toBe(true);
    expect(navigate('https://example.org/help')).toBe(true);
    expect(record.openHandler!({ url: 'https://example.org/new' })).toEqual({ action: 'deny' });
    // "open render" / a take: the service's /api/files URL opens the local file in the player
    const { serviceClient } = nodeRequire(join(PLUGIN, 'lib/index.js')) as {
      serviceClient: (c: object) => { paths: () => Promise<{ media: string[] }> };
    };
    const client = serviceClient({ url: h.base, token: h.token });
    const paths = await until(
      async () => {
        const body = await client.paths();
        return body.media.length > 0 && existsSync(body.media[0]!) && body;
      },
      'a generated take',
      45_000, // the draft generator is quick, but two shared cores under load are not
    );
    const take = paths.media[0]!;
    const served = `${h.base}/api/files/${relative(h.dir, take).split('/').map(encodeURIComponent).join('/')}`;
    expect(navigate(served)).toBe(true);
    expect(record.openHandler!({ url: served })).toEqual({ action: 'deny' });
    await until(() => record.opened.length === 3, 'files opened outside');
    expect(record.opened).toEqual(['/tmp/a render.mp4', take, take]);
    expect(record.external).toEqual(['https://example.org/help', 'https://example.org/new']);
    expect(window.loaded.at(-1)).toBe(`${h.base}/?token=${encodeURIComponent(h.token)}`);

    // closing the window ends the Workflow Integration session
    record.appEvents.get('window-all-closed')!();
    expect(standIn.calls.at(-1)?.method).toBe('CleanUp');
    expect(record.quit).toBe(1);
  });
});
