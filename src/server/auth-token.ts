/**
 * The service token: created on the first `libero serve`, stored in the user's config dir with
 * 0600 permissions, required on every request and socket. Read again by `libero status`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LiberoError } from '../shared/index.js';

/** The user's libero config folder: LIBERO_CONFIG_DIR, else the OS's per-user config dir. */
export function userConfigDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const explicit = env['LIBERO_CONFIG_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  if (platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'libero');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'libero');
  const xdg = env['XDG_CONFIG_HOME'];
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.config'), 'libero');
}

/** Where the token lives inside the config dir. */
export function tokenPath(configDir: string): string {
  return join(configDir, 'token');
}

/** The token and whether this call created it (then the caller prints it once). */
export interface ServiceToken {
  readonly token: string;
  readonly created: boolean;
  readonly file: string;
}

/** Reads the token, or creates it (32 random bytes, base64url) with mode 0600. */
export async function loadOrCreateToken(configDir: string): Promise<ServiceToken> {
  const file = tokenPath(configDir);
  const existing = await readToken(configDir);
  if (existing !== null) {
    // Tighten a file someone loosened; never widen.
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & 0o077) !== 0 && process.platform !== 'win32') await chmod(file, 0o600);
    return { token: existing, created: false, file };
  }
  const token = randomBytes(32).toString('base64url');
  try {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    await writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateToken(configDir);
    throw new LiberoError('FILE_WRITE_FAILED', `cannot write the service token to ${file}`, {
      details: { file },
      cause: error,
    });
  }
  return { token, created: true, file };
}

/** The stored token, or null when `libero serve` never ran for this user. */
export async function readToken(configDir: string): Promise<string | null> {
  try {
    const text = (await readFile(tokenPath(configDir), 'utf8')).trim();
    return text === '' ? null : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: string | null, token: string): boolean {
  if (presented === null) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
