/** The file doorway: .otio and .otioz reading, atomic and deterministic writing. */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../src/shared/index.js';
import {
  Timeline,
  listBundleEntries,
  readTimelineFile,
  writeTimelineFile,
  writeToString,
} from '../../src/timeline/index.js';

const SAMPLE = fileURLToPath(
  new URL('../../../shared/otio-samples/simple_cut.otio', import.meta.url),
);
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'libero-timeline-fs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  return null;
}

describe('readTimelineFile', () => {
  it('reads an .otioz bundle from its content.otio', async () => {
    const zip = new AdmZip();
    zip.addFile('content.otio', readFileSync(SAMPLE));
    zip.addFile('media/ZZ100_501.mov', Buffer.from('not really a movie'));
    const bundle = join(dir, 'cut.otioz');
    zip.writeZip(bundle);
    const tl = await readTimelineFile(bundle);
    expect(tl).toBeInstanceOf(Timeline);
    expect(writeToString(tl)).toBe(writeToString(await readTimelineFile(SAMPLE)));
    expect((await listBundleEntries(bundle)).sort()).toEqual([
      'content.otio',
      'media/ZZ100_501.mov',
    ]);
  });

  it('names the problem for a missing file, a non-zip .otioz and a bundle without content.otio', async () => {
    expect(
      hasCode(await rejection(readTimelineFile(join(dir, 'nope.otio'))), 'FILE_NOT_FOUND'),
    ).toBe(true);
    writeFileSync(join(dir, 'bad.otioz'), 'plain text');
    expect(
      hasCode(await rejection(readTimelineFile(join(dir, 'bad.otioz'))), 'TIMELINE_BUNDLE_INVALID'),
    ).toBe(true);
    const zip = new AdmZip();
    zip.addFile('other.otio', readFileSync(SAMPLE));
    zip.writeZip(join(dir, 'empty.otioz'));
    const error = await rejection(readTimelineFile(join(dir, 'empty.otioz')));
    expect(hasCode(error, 'TIMELINE_BUNDLE_INVALID')).toBe(true);
    expect((error as Error).message).toContain('has no content.otio');
  });
});

describe('writeTimelineFile', () => {
  it('writes the same bytes every time and leaves no temp file', async () => {
    const tl = await readTimelineFile(SAMPLE);
    const out = join(dir, 'out.otio');
    await writeTimelineFile(out, tl);
    const first = readFileSync(out, 'utf8');
    await writeTimelineFile(out, await readTimelineFile(out));
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(readdirSync(dir)).toEqual(['out.otio']);
  });

  it('fails with FILE_WRITE_FAILED, leaving what was there and no temp file', async () => {
    const tl = await readTimelineFile(SAMPLE);
    // The target is a folder: the rename cannot replace it, so the write must fail cleanly.
    const target = join(dir, 'taken.otio');
    mkdirSync(target);
    const error = await rejection(writeTimelineFile(target, tl));
    expect(hasCode(error, 'FILE_WRITE_FAILED')).toBe(true);
    expect(statSync(target).isDirectory()).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the NLE version set on request (Marker.2, Clip.2)', async () => {
    const tl = await readTimelineFile(
      fileURLToPath(
        new URL('../../../shared/otio-samples/screening_example.otio', import.meta.url),
      ),
    );
    const out = join(dir, 'resolve.otio');
    await writeTimelineFile(out, tl, { targetVersion: '0.18.1' });
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"Marker.2"');
    expect(text).not.toContain('"Marker.3"');
    expect(text).not.toContain('"Color.1"');
  });
});
