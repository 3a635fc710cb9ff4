/**
 * The file doorway of src/timeline: read `.otio` (JSON) and `.otioz` (zip bundle with
 * content.otio and media/), write `.otio` atomically (temp file + rename, so a reader or a
 * file watcher never sees half a file). Writing is deterministic: same objects, same bytes.
 */
import { readFile } from 'node:fs/promises';
import AdmZip from 'adm-zip';
import { LiberoError, writeFileAtomic } from '../shared/index.js';
import type { AnyValue } from './schema/any-value.js';
import type { SerializableObject } from './schema/serializable-object.js';
import { readFromString, writeToString } from './serialize/otio-json.js';
import type { WriteOptions } from './serialize/otio-json.js';

/** The entry of an .otioz bundle that holds the timeline. */
export const OTIOZ_CONTENT_FILE = 'content.otio';

/**
 * Reads a timeline file; `.otioz` bundles are read from their content.otio (media paths stay
 * relative to the bundle, e.g. "media/shot.mov"). Throws FILE_NOT_FOUND,
 * TIMELINE_BUNDLE_INVALID or the ValidationErrors of {@link readFromString}.
 */
export async function readTimelineFile(path: string): Promise<SerializableObject> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new LiberoError(
      'FILE_NOT_FOUND',
      `cannot read timeline file ${path}: ${(error as Error).message}`,
      {
        details: { file: path },
        cause: error,
      },
    );
  }
  if (path.toLowerCase().endsWith('.otioz'))
    return readFromString(otiozContent(bytes, path), { file: `${path}!${OTIOZ_CONTENT_FILE}` });
  return readFromString(bytes.toString('utf8'), { file: path });
}

/** The names of the files in an .otioz bundle (content.otio, media/...). */
export async function listBundleEntries(path: string): Promise<string[]> {
  const bytes = await readFile(path);
  return openZip(bytes, path)
    .getEntries()
    .map((e) => e.entryName);
}

function openZip(bytes: Buffer, path: string): AdmZip {
  try {
    return new AdmZip(bytes);
  } catch (error) {
    throw new LiberoError(
      'TIMELINE_BUNDLE_INVALID',
      `${path} is not a valid .otioz (zip) bundle: ${(error as Error).message}`,
      {
        details: { file: path },
        cause: error,
      },
    );
  }
}

function otiozContent(bytes: Buffer, path: string): string {
  const entry = openZip(bytes, path).getEntry(OTIOZ_CONTENT_FILE);
  if (entry === null)
    throw new LiberoError(
      'TIMELINE_BUNDLE_INVALID',
      `${path} has no ${OTIOZ_CONTENT_FILE} (not an .otioz bundle?)`,
      {
        details: { file: path },
      },
    );
  return entry.getData().toString('utf8');
}

/**
 * Writes OTIO JSON to `path` atomically: a temp file beside it, then rename. On failure the
 * previous file is left intact and FILE_WRITE_FAILED is thrown.
 */
export async function writeTimelineFile(
  path: string,
  value: AnyValue,
  options: WriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, writeToString(value, options) + '\n');
}
