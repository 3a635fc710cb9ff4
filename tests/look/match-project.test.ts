/**
 * `libero match` on a generated project (draft backend, tiny sizes): the shots of a scene are
 * matched to its median and `cdl_auto` lands in the conformed timeline; the shot already at the
 * median (inside the dead band), an opted-out shot and a shot graded by the editor get none; a
 * still image can be the reference.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { runFfmpeg } from '../../src/media/index.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { lookReferenceChoice, matchProject } from '../../src/pipeline/match-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { hasCode } from '../../src/shared/index.js';
import { readFromString, writeToString } from '../../src/timeline/index.js';
import type { Timeline } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

let dir = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shot = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  frames: 24,
  libero: { prompt: `shot ${name}`, scene: '1', seed: 7, ...extra },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-match-'));
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({ stillWidth: 128, stillHeight: 72, upscaleFactor: 1 }),
  );
  const cdl = { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 0.5 };
  writeFileSync(
    join(dir, 'cut.otio'),
    writeToString(
      buildTimeline([
        shot('sc01a'),
        shot('sc01b'),
        shot('sc01c'),
        shot('sc01d', { match: false }),
        shot('sc01e', { cdl }),
      ]),
    ) + '\n',
  );
  await generateProject({
    project: await loadProject(join(dir, 'cut.otio')),
    generator: { ...createDraftGenerator(process.env), concurrency: 1 },
    shotIds: null,
    state: null,
    signal: null,
    onEvent: null,
    now: () => new Date(),
  });
});

function autoCdls(): Record<string, unknown> {
  const timeline = readFromString(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8'), {
    file: 'c',
  }) as Timeline;
  return Object.fromEntries(
    timeline
      .findClips()
      .map((c) => [c.name, (c.metadata['libero'] as Record<string, unknown>)['cdl_auto'] ?? null]),
  );
}

describe('matchProject', () => {
  it('matches the scene, writes cdl_auto, and leaves opted-out and graded shots alone', async () => {
    const { rows } = await matchProject({
      project: await loadProject(join(dir, 'cut.otio')),
      signal: null,
      onEvent: null,
      write: true,
    });
    expect(rows.map((r) => [r.shotId, r.status])).toEqual([
      // sc01a is the scene's median: inside the dead band (1.5 ΔE00), left alone
      ['sc01a', 'in-dead-band'],
      ['sc01b', 'matched'],
      ['sc01c', 'matched'],
      ['sc01d', 'opted-out'],
      ['sc01e', 'editor-cdl'],
    ]);
    const matched = rows.filter((r) => r.status === 'matched');
    // every matched shot ends nearer, measured through its CDL
    for (const r of matched) expect(r.distanceAfter).toBeLessThan(r.distanceBefore);
    const inBand = rows.find((r) => r.shotId === 'sc01a');
    expect(inBand?.distanceBefore).toBeLessThanOrEqual(1.5);
    expect(inBand?.distanceAfter).toBe(inBand?.distanceBefore);
    const written = autoCdls();
    expect(written['sc01a']).toBeNull();
    for (const id of ['sc01b', 'sc01c']) {
      expect(written[id]).toMatchObject({
        slope: expect.any(Array),
        saturation: expect.any(Number),
      });
    }
    expect(written['sc01d']).toBeNull();
    expect(written['sc01e']).toBeNull();
    // generate writes the same CDLs again from the stored looks (no new measurement)
    await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator: { ...createDraftGenerator(process.env), concurrency: 1 },
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    expect(autoCdls()).toEqual(written);
  });

  it('takes a still image as the reference, and names a bad one', async () => {
    await runFfmpeg({
      job: {
        inputs: [{ source: 'color=c=0x806040:s=64x36:d=1', options: ['-f', 'lavfi'] }],
        filterComplex: null,
        outputs: [{ target: join(dir, 'ref.png'), options: ['-frames:v', '1'] }],
      },
      signal: null,
      onProgress: null,
    });
    writeFileSync(join(dir, 'libero.json'), JSON.stringify({ look: { reference: 'ref.png' } }));
    const choice = await lookReferenceChoice({
      project: await loadProject(join(dir, 'cut.otio')),
      shotIds: [],
      signal: null,
    });
    expect(choice.kind).toBe('still');
    if (choice.kind === 'still') expect(choice.look.mean[0]).toBeCloseTo(0x80 / 255, 1);

    writeFileSync(join(dir, 'libero.json'), JSON.stringify({ look: { reference: 'nope' } }));
    const error = await lookReferenceChoice({
      project: await loadProject(join(dir, 'cut.otio')),
      shotIds: ['sc01a'],
      signal: null,
    }).catch((e: unknown) => e);
    expect(hasCode(error, 'LOOK_REFERENCE_INVALID')).toBe(true);
    expect(String(error)).toContain('look.reference "nope"');
  });
});
