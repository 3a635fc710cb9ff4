/**
 * `libero plugin install|uninstall`: copies the DaVinci Resolve Workflow Integration plugin
 * (plugin/) into Resolve's plugin folder for this OS, or removes it. Resolve loads plugins from
 * there at start (restart it after installing); plugins run in DaVinci Resolve Studio on macOS
 * and Windows only (../shared/ref/resolve.md B.1).
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { LiberoError } from '../../shared/index.js';

/** The plugin's id (manifest.xml `<Id>`) and folder name. */
export const PLUGIN_ID = 'com.libero.panel';

/** What gets copied: everything the Electron app loads (no tests, no type declarations). */
const PLUGIN_FILES = [
  'manifest.xml',
  'package.json',
  'main.js',
  'preload.cjs',
  'connect.html',
  'connect.js',
  'lib',
  'panel',
];

/** Resolve's Workflow Integration Plugins folder, or null where plugins do not run (Linux). */
export function resolvePluginRoot(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): string | null {
  if (platform === 'darwin')
    return '/Library/Application Support/Blackmagic Design/DaVinci Resolve/Workflow Integration Plugins';
  if (platform === 'win32')
    return join(
      env['PROGRAMDATA'] ?? 'C:\\ProgramData',
      'Blackmagic Design',
      'DaVinci Resolve',
      'Support',
      'Workflow Integration Plugins',
    );
  return null;
}

/** Where Resolve's developer kit keeps the sample plugin whose WorkflowIntegration.node we need. */
export function samplePluginDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | null {
  if (platform === 'darwin')
    return '/Library/Application Support/Blackmagic Design/DaVinci Resolve/Developer/Workflow Integrations/Examples/SamplePlugin';
  if (platform === 'win32')
    return join(
      env['PROGRAMDATA'] ?? 'C:\\ProgramData',
      'Blackmagic Design',
      'DaVinci Resolve',
      'Support',
      'Developer',
      'Workflow Integrations',
      'Examples',
      'SamplePlugin',
    );
  return null;
}

/** The plugin/ folder of this install (found from this module in src or dist). */
export function pluginSourceDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'plugin', 'manifest.xml'))) return join(dir, 'plugin');
    dir = resolve(dir, '..');
  }
  throw new LiberoError(
    'FILE_NOT_FOUND',
    'the plugin folder (plugin/manifest.xml) is missing from this install',
  );
}

/** Error codes of a file another process holds open (Windows) or is using. */
const LOCKED = new Set(['EBUSY', 'EPERM', 'EACCES']);

/** Delays between tries when the old plugin's files are locked (about 3 s in all). */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600];

/**
 * Runs `op`, retrying while it fails on a locked file: on Windows a running Resolve keeps the
 * loaded WorkflowIntegration.node open, and antivirus scans hold new files for a moment.
 */
async function retryLocked<T>(op: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await op();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!LOCKED.has(code) || attempt >= delaysMs.length) throw error;
      await new Promise((done) => setTimeout(done, delaysMs[attempt]));
    }
  }
}

/** What an install did. */
export interface InstallResult {
  readonly folder: string;
  /** Where WorkflowIntegration.node came from, or null when it must be copied by hand. */
  readonly nativeModule: string | null;
}

/** Copies the plugin into `root/com.libero.panel` (replacing an older copy of ours). */
export async function installPlugin(options: {
  root: string;
  sampleDir: string | null;
  /** Removes the old copy (default: fs.rm); tests pass one that meets a locked file. */
  removeFolder?: (folder: string) => Promise<void>;
  retryDelaysMs?: readonly number[];
}): Promise<InstallResult> {
  const source = pluginSourceDir();
  const folder = join(options.root, PLUGIN_ID);
  await uninstallPlugin({
    root: options.root,
    ...(options.removeFolder === undefined ? {} : { removeFolder: options.removeFolder }),
    ...(options.retryDelaysMs === undefined ? {} : { retryDelaysMs: options.retryDelaysMs }),
  });
  try {
    await mkdir(folder, { recursive: true });
    for (const name of PLUGIN_FILES)
      await cp(join(source, name), join(folder, name), {
        recursive: true,
        // type declarations are for libero's tests; Resolve's Electron never reads them
        filter: (from) => !from.endsWith('.d.ts'),
      });
  } catch (error) {
    throw new LiberoError(
      'FILE_WRITE_FAILED',
      `cannot copy the plugin into ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (Resolve's plugin folder usually needs administrator rights: sudo on macOS, an elevated prompt on Windows)`,
      { details: { folder }, cause: error },
    );
  }
  // Each Resolve release ships its own WorkflowIntegration.node; never vendored, copied from the kit.
  let nativeModule: string | null = null;
  const native =
    options.sampleDir === null ? null : join(options.sampleDir, 'WorkflowIntegration.node');
  if (native !== null && existsSync(native)) {
    const target = join(folder, 'WorkflowIntegration.node');
    try {
      await retryLocked(() => copyFile(native, target), options.retryDelaysMs ?? RETRY_DELAYS_MS);
    } catch (error) {
      throw new LiberoError(
        'FILE_WRITE_FAILED',
        `cannot copy ${native} to ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (quit DaVinci Resolve if it is running, then run the command again)`,
        { details: { folder, file: target }, cause: error },
      );
    }
    nativeModule = native;
  }
  return { folder, nativeModule };
}

/** Removes `root/com.libero.panel` when it is ours (its manifest carries our id). */
export async function uninstallPlugin(options: {
  root: string;
  removeFolder?: (folder: string) => Promise<void>;
  retryDelaysMs?: readonly number[];
}): Promise<string | null> {
  const folder = join(options.root, PLUGIN_ID);
  const manifest = join(folder, 'manifest.xml');
  if (!existsSync(folder)) return null;
  const text = existsSync(manifest) ? await readFile(manifest, 'utf8') : '';
  if (!text.includes(`<Id>${PLUGIN_ID}</Id>`))
    throw new LiberoError(
      'USAGE',
      `${folder} is not libero's plugin (no <Id>${PLUGIN_ID}</Id> in its manifest); left alone`,
      {
        details: { folder },
      },
    );
  const remove = options.removeFolder ?? ((f: string) => rm(f, { recursive: true, force: true }));
  try {
    await retryLocked(() => remove(folder), options.retryDelaysMs ?? RETRY_DELAYS_MS);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const file = e.path ?? folder;
    throw new LiberoError(
      'FILE_WRITE_FAILED',
      LOCKED.has(e.code ?? '')
        ? `cannot remove the installed plugin: ${file} is in use (${e.code}). DaVinci Resolve keeps the plugin's WorkflowIntegration.node loaded while it runs: quit Resolve, then run the command again.`
        : `cannot remove the installed plugin at ${folder}: ${e.code ?? String(error)}`,
      { details: { folder, file }, cause: error },
    );
  }
  return folder;
}

function rootFor(dir: string | undefined): string {
  if (dir !== undefined) return resolve(dir);
  const root = resolvePluginRoot(process.platform, process.env);
  if (root === null)
    throw new LiberoError(
      'USAGE',
      "DaVinci Resolve runs Workflow Integration plugins only on macOS and Windows; on Linux use the scripting-console steps in libero's README (or pass --dir to copy the plugin somewhere)",
    );
  return root;
}

/** Registers the command. */
export function registerPlugin(program: Command): void {
  const plugin = program
    .command('plugin')
    .description('the DaVinci Resolve panel (Studio, macOS/Windows)');
  plugin
    .command('install')
    .description("copy the panel into Resolve's Workflow Integration Plugins folder")
    .option('--dir <dir>', 'install into this folder instead of Resolve’s')
    .action(async (opts: { dir?: string }) => {
      const root = rootFor(opts.dir);
      const result = await installPlugin({
        root,
        sampleDir: samplePluginDir(process.platform, process.env),
      });
      process.stdout.write(`installed the libero panel in ${result.folder}\n`);
      if (result.nativeModule !== null)
        process.stdout.write(`  WorkflowIntegration.node copied from ${result.nativeModule}\n`);
      else
        process.stdout.write(
          `  copy WorkflowIntegration.node from Resolve's Developer/Workflow Integrations/Examples/SamplePlugin into ${result.folder} (not found here)\n`,
        );
      process.stdout.write(
        '  restart DaVinci Resolve, then open Workspace > Workflow Integrations > libero\n',
      );
    });
  plugin
    .command('uninstall')
    .description('remove the panel from Resolve’s plugin folder')
    .option('--dir <dir>', 'the folder it was installed into')
    .action(async (opts: { dir?: string }) => {
      const removed = await uninstallPlugin({ root: rootFor(opts.dir) });
      process.stdout.write(
        removed === null ? 'the libero panel was not installed\n' : `removed ${removed}\n`,
      );
    });
}
