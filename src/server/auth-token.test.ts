import { mkdtemp, readFile, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken, readToken, tokenMatches, userConfigDir } from './auth-token.js';

describe('loadOrCreateToken', () => {
  let dir = '';
  afterEach(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('creates a 0600 token on first run, then returns the same one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-token-'));
    const configDir = join(dir, 'libero');
    const first = await loadOrCreateToken(configDir);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await readFile(first.file, 'utf8')).trim()).toBe(first.token);
    const second = await loadOrCreateToken(configDir);
    expect(second).toEqual({ ...first, created: false });
    expect(await readToken(configDir)).toBe(first.token);
  });

  it('tightens a token file someone made readable by others', async () => {
    dir = await mkdtemp(join(tmpdir(), 'libero-token-'));
    const { file } = await loadOrCreateToken(dir);
    await chmod(file, 0o644);
    await loadOrCreateToken(dir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('finds the config dir per OS, LIBERO_CONFIG_DIR first', () => {
    expect(userConfigDir({ LIBERO_CONFIG_DIR: '/x' }, 'linux')).toBe('/x');
    expect(userConfigDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(join('/cfg', 'libero'));
    expect(userConfigDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain(
      'libero',
    );
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abd', 'abc')).toBe(false);
    expect(tokenMatches('ab', 'abc')).toBe(false);
    expect(tokenMatches(null, 'abc')).toBe(false);
  });
});
