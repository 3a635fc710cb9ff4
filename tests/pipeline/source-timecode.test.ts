/**
 * NLE exports start a clip's source range at a source timecode (01:00:00:00). A shot needs only
 * its trimmed duration generated; its take's available range starts at that timecode, so the
 * trims the editor makes afterwards keep their meaning.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject, parseTimeline } from '../../src/pipeline/project.js';
import { writeToString } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

// 01:00:00:00 at 24 fps
const HOUR = 86_400;

let dir = '';
async function generate(startFrame: number, frames: number): Promise<PipelineEvent[]> {
  const timeline = buildTimeline([
    { name: 'sc01', start: startFrame, frames, libero: { prompt: 'a road' } },
  ]);
  writeFileSync(join(dir, 'cut.otio'), writeToString(timeline));
  const events: PipelineEvent[] = [];
  await generateProject({
    project: await loadProject(join(dir, 'cut.otio')),
    generator: createDraftGenerator(process.env),
    shotIds: null,
    state: null,
    signal: null,
    onEvent: (e) => events.push(e),
    now: () => new Date(),
  });
  return events;
}

describe('a placeholder whose source range starts at a source timecode', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'libero-timecode-'));
    writeFileSync(
      join(dir, 'libero.json'),
      JSON.stringify({ stillWidth: 64, stillHeight: 36, upscaleFactor: 1 }),
    );
  });

  it('generates only its duration and starts the take at the timecode', async () => {
    const events = await generate(HOUR, 24);
    const video = events.find((e) => e.type === 'step-done' && e.kind === 'video');
    expect(video).toBeDefined();
    const conformed = parseTimeline(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8'), 'c');
    const take = conformed.findClips()[0]?.mediaReferences['take-001'];
    // 3600 s at 12 fps = 43200; one second of picture = 12 frames
    expect(take?.availableRange?.startTime.value).toBe(43_200);
    expect(take?.availableRange?.startTime.rate).toBe(12);
    expect(take?.availableRange?.duration.value).toBe(12);
  });

  it('needs nothing new after a head trim inside the take', async () => {
    const events = await generate(HOUR + 6, 18);
    expect(events.filter((e) => e.type === 'step-done')).toEqual([]);
  });
});
