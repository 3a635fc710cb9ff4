/**
 * Every public OTIO sample (../shared/otio-samples, from the reference's tests/sample_data)
 * loads, and `libero cat` writes what the reference would write (see reference-writer-model.ts
 * for how the expected documents are derived from the reference's source).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catTimelineFile } from '../../src/pipeline/cat-timeline.js';
import { parseJsonExtended } from '../../src/timeline/serialize/json-parser.js';
import type { Timeline } from '../../src/timeline/index.js';
import { flattenStack, readFromString, writeToString } from '../../src/timeline/index.js';
import { firstDifference, referenceDowngrade, referenceWrite } from './reference-writer-model.js';

// ../shared sits beside the repository (CI clones it there too).
const SAMPLES = fileURLToPath(new URL('../../../shared/otio-samples', import.meta.url));
const files = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.otio'))
  .sort();

describe('the OTIO samples', () => {
  it('are all there (13 files)', () => {
    expect(files.length).toBe(13);
  });

  it.each(files)('%s: cat writes what the reference would write', async (file) => {
    const path = join(SAMPLES, file);
    const ours = parseJsonExtended(await catTimelineFile({ file: path, targetVersion: null }));
    const expected = referenceWrite(parseJsonExtended(readFileSync(path, 'utf8')));
    expect(firstDifference(ours, expected)).toBeNull();
  });

  it.each(files.flatMap((f) => [[f, '0.18.1', 2, 2] as const, [f, '0.14.0', 1, 2] as const]))(
    '%s: cat --target-version %s writes the downgrade the reference would write',
    async (file, label, clip, marker) => {
      const path = join(SAMPLES, file);
      const ours = parseJsonExtended(await catTimelineFile({ file: path, targetVersion: label }));
      const current = referenceWrite(parseJsonExtended(readFileSync(path, 'utf8')));
      expect(
        firstDifference(ours, referenceDowngrade(current, { Clip: clip, Marker: marker })),
      ).toBeNull();
    },
  );

  it.each(files)('%s: writing is a fixed point (read(write(x)) writes the same bytes)', (file) => {
    const text = writeToString(readFromString(readFileSync(join(SAMPLES, file), 'utf8'), { file }));
    expect(writeToString(readFromString(text, { file: 'again' }))).toBe(text);
  });

  it('simple_cut: a Clip.1 is written as the reference orders Clip.2 fields', async () => {
    // Item::write_to then Clip::write_to (clip.cpp): media_reference moves into
    // media_references under DEFAULT_MEDIA, and "color": null appears (Item's optional colour).
    const text = await catTimelineFile({
      file: join(SAMPLES, 'simple_cut.otio'),
      targetVersion: null,
    });
    const clip = (
      JSON.parse(text) as { tracks: { children: { children: Record<string, unknown>[] }[] } }
    ).tracks.children[0]?.children[0] as Record<string, unknown>;
    expect(Object.keys(clip)).toEqual([
      'OTIO_SCHEMA',
      'metadata',
      'name',
      'source_range',
      'effects',
      'markers',
      'enabled',
      'color',
      'media_references',
      'active_media_reference_key',
    ]);
    expect(clip['OTIO_SCHEMA']).toBe('Clip.2');
    expect(Object.keys(clip['media_references'] as object)).toEqual(['DEFAULT_MEDIA']);
  });

  it('big_int: integers beyond 2^53 keep their digits; Inf/NaN are written as the reference writes them', async () => {
    const text = await catTimelineFile({
      file: join(SAMPLES, 'big_int.otio'),
      targetVersion: null,
    });
    // rapidjson's writer with kWriteNanAndInfFlag writes Infinity, -Infinity and NaN.
    expect(text).toContain('"floatinf": Infinity');
    expect(text).toContain('"floatneginf": -Infinity');
    expect(text).toContain('"floatnan": NaN');
    // The reference keeps int64 exactly and turns int128 into a double; we keep every digit.
    expect(text).toContain('"int128": 170141183460469231731687303715884105728');
    expect(text).toContain('"negverybig": -3450100000');
    expect(text).toContain('"utf8": "Viel glück und hab spaß!"');
  });

  it('multitrack flattened equals preflattened (the reference test_stack_algo test_flatten_example_code)', () => {
    const read = (f: string): Timeline =>
      readFromString(readFileSync(join(SAMPLES, f), 'utf8'), { file: f }) as Timeline;
    const flat = flattenStack(read('multitrack.otio').videoTracks());
    const pre = read('preflattened.otio').videoTracks()[0];
    expect(pre).toBeDefined();
    if (pre === undefined) return;
    // "the names will be different, so clear them both"
    flat.name = '';
    pre.name = '';
    expect(writeToString(flat)).toBe(writeToString(pre));
  });
});
