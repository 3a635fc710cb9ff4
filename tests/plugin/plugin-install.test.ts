import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  installPlugin,
  PLUGIN_ID,
  resolvePluginRoot,
  samplePluginDir,
  uninstallPlugin,
} from '../../src/cli/commands/plugin.js';

describe('libero plugin install/uninstall', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('knows Resolve’s plugin folder per OS, and that Linux has none', () => {
    expect(resolvePluginRoot('darwin', {})).toBe(
      '/Library/Application Support/Blackmagic Design/DaVinci Resolve/Workflow Integration Plugins',
    );
    expect(resolvePluginRoot('win32', { PROGRAMDATA: 'C:\\ProgramData' })).toContain(
      'Workflow Integration Plugins',
    );
    expect(resolvePluginRoot('linux', {})).toBeNull();
    expect(samplePluginDir('darwin', {})).toMatch(/Examples\/SamplePlugin$/);
  });

  it('copies the plugin with its manifest and the kit’s native module, then removes it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-plugins-'));
    const kit = join(dir, 'kit');
    await mkdir(kit);
    await writeFile(join(kit, 'WorkflowIntegration.node'), 'native');
    const root = join(dir, 'Workflow Integration Plugins');
    const result = await installPlugin({ root, sampleDir: kit });
    expect(result).toEqual({
      folder: join(root, PLUGIN_ID),
      nativeModule: join(kit, 'WorkflowIntegration.node'),
    });
    const files = (await readdir(result.folder)).sort();
    expect(files).toEqual(
      [
        'WorkflowIntegration.node',
        'connect.html',
        'connect.js',
        'lib',
        'main.js',
        'manifest.xml',
        'package.json',
        'panel',
        'preload.cjs',
      ].sort(),
    );
    const manifest = await readFile(join(result.folder, 'manifest.xml'), 'utf8');
    expect(manifest).toContain(`<Id>${PLUGIN_ID}</Id>`);
    expect(manifest).toContain('<FilePath>main.js</FilePath>');
    expect(existsSync(join(result.folder, 'panel', 'panel.js'))).toBe(true);
    expect(existsSync(join(result.folder, 'lib', 'bring-back.js'))).toBe(true);
    expect(existsSync(join(result.folder, 'lib', 'index.d.ts'))).toBe(false);
    expect(JSON.parse(await readFile(join(result.folder, 'package.json'), 'utf8'))).toMatchObject({
      main: 'main.js',
      type: 'commonjs',
    });
    // a reinstall replaces it
    await installPlugin({ root, sampleDir: null });
    expect(existsSync(join(result.folder, 'WorkflowIntegration.node'))).toBe(false);
    expect(await uninstallPlugin({ root })).toBe(result.folder);
    expect(existsSync(result.folder)).toBe(false);
    expect(await uninstallPlugin({ root })).toBeNull();
  });

  it('retries removing an old copy whose WorkflowIntegration.node is locked, then says to quit Resolve', async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-plugins-'));
    const root = join(dir, 'Workflow Integration Plugins');
    await installPlugin({ root, sampleDir: null });
    const folder = join(root, PLUGIN_ID);
    const native = join(folder, 'WorkflowIntegration.node');
    const locked = () =>
      Object.assign(new Error(`EBUSY: resource busy or locked, unlink '${native}'`), {
        code: 'EBUSY',
        path: native,
      });
    // locked twice (Resolve was quitting), then free: the reinstall goes through
    let tries = 0;
    const result = await installPlugin({
      root,
      sampleDir: null,
      retryDelaysMs: [1, 1, 1],
      removeFolder: async (f) => {
        tries += 1;
        if (tries <= 2) throw locked();
        await rm(f, { recursive: true, force: true });
      },
    });
    expect(tries).toBe(3);
    expect(result.folder).toBe(folder);
    // held for good (Resolve running): a clear error, after every retry
    tries = 0;
    await expect(
      installPlugin({
        root,
        sampleDir: null,
        retryDelaysMs: [1, 1],
        removeFolder: async () => {
          tries += 1;
          throw locked();
        },
      }),
    ).rejects.toMatchObject({
      code: 'FILE_WRITE_FAILED',
      message: `cannot remove the installed plugin: ${native} is in use (EBUSY). DaVinci Resolve keeps the plugin's WorkflowIntegration.node loaded while it runs: quit Resolve, then run the command again.`,
    });
    expect(tries).toBe(3);
    expect(existsSync(join(folder, 'manifest.xml'))).toBe(true);
  });

  it('leaves a folder alone that is not libero’s plugin', async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-plugins-'));
    await mkdir(join(dir, PLUGIN_ID));
    await writeFile(join(dir, PLUGIN_ID, 'manifest.xml'), '<Id>com.other.plugin</Id>');
    await expect(uninstallPlugin({ root: dir })).rejects.toMatchObject({ code: 'USAGE' });
    expect(existsSync(join(dir, PLUGIN_ID, 'manifest.xml'))).toBe(true);
  });
});
