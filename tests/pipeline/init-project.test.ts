import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initProject, listProjectTemplates } from '../../src/pipeline/init-project.js';
import { hasCode } from '../../src/shared/index.js';

describe('initProject', () => {
  it('copies the trailer, refuses to overwrite without force, keeps other files with force', async () => {
    expect(await listProjectTemplates()).toContain('trailer');
    const dir = join(mkdtempSync(join(tmpdir(), 'libero-init-')), 'trailer');
    const files = await initProject({ template: 'trailer', dir, force: false });
    expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'libero.json',
      'trailer.otio',
    ]);
    const error = await initProject({ template: 'trailer', dir, force: false }).catch(
      (e: unknown) => e,
    );
    expect(hasCode(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toContain('already has libero.json, trailer.otio');
    // --force resets the starter files and leaves the rest (the project's cache) alone
    writeFileSync(join(dir, 'libero.json'), '{}');
    writeFileSync(join(dir, 'keep.txt'), 'cache');
    await initProject({ template: 'trailer', dir, force: true });
    expect(readFileSync(join(dir, 'libero.json'), 'utf8')).toContain('seedGroups');
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
  });

  it('names the known starters when asked for an unknown one', async () => {
    const error = await initProject({ template: 'western', dir: tmpdir(), force: false }).catch(
      (e: unknown) => e,
    );
    expect(hasCode(error, 'PROJECT_TEMPLATE_UNKNOWN')).toBe(true);
    expect((error as Error).message).toBe('there is no starter project "western"; known: trailer');
  });
});
