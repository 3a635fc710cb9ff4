/**
 * One shot failing does not stop the others: a still of odd size cannot be encoded as H.264
 * (libx264 needs even sizes), so that shot's video step fails, for real, in ffmpeg.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject, parseTimeline } from '../../src/pipeline/project.js';
import { hasCode } from '../../src/shared/index.js';
import { writeToString } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

describe('a failing stage', () => {
  it('fails its shot with the shot and step named, and the others are generated and conformed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-failure-'));
    writeFileSync(
      join(dir, 'libero.json'),
      JSON.stringify({ stillWidth: 64, stillHeight: 36, upscaleFactor: 1 }),
    );
    const timeline = buildTimeline([
      { name: 'odd', frames: 12, libero: { prompt: 'a road', width: 65, height: 37 } },
      { name: 'fine', frames: 12, libero: { prompt: 'a field' } },
    ]);
    writeFileSync(join(dir, 'cut.otio'), writeToString(timeline));
    const result = await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator: createDraftGenerator(process.env),
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    const odd = result.shots.find((s) => s.shotId === 'odd');
    expect(odd?.status).toBe('failed');
    expect(odd?.error?.code).toBe('GENERATOR_STAGE_FAILED');
    expect(odd?.error?.message).toMatch(/^shot odd: the video step failed: ffmpeg failed/);
    expect(result.shots.find((s) => s.shotId === 'fine')).toMatchObject({
      status: 'generated',
      activeTake: 'take-001',
    });
    const conformed = parseTimeline(readFileSync(result.conformedFile, 'utf8'), 'c');
    expect(conformed.findClips().map((c) => c.activeMediaReferenceKey)).toEqual([
      'DEFAULT_MEDIA',
      'take-001',
    ]);
    // asking for a shot the timeline does not have names the ones it has
    const error = await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator: createDraftGenerator(process.env),
      shotIds: ['nope'],
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    }).catch((e: unknown) => e);
    expect(hasCode(error, 'USAGE')).toBe(true);
    expect((error as Error).message).toContain('has no shot "nope"; its shots: odd, fine');
  });
});
