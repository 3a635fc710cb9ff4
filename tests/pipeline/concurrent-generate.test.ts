/**
 * generateProject is safe to run twice at once on one project (the service's shots, or the CLI
 * beside the service), and keeps a take choice the editor makes in the conformed file while a
 * run is generating. Real draft backend at tiny sizes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { GenerateResult } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject } from '../../src/pipeline/project.js';
import { openProjectState } from '../../src/pipeline/project-state.js';
import { readFromString, writeToString } from '../../src/timeline/index.js';
import type { Clip, Timeline } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';
import type { TestClip } from '../shots/build-timeline.js';

const CONFIG = { stillWidth: 64, stillHeight: 36, generatedFps: 6, upscaleFactor: 2 };
// n regen markers, each a request of its own: a marker is known by its place, name and note, and
// build-timeline puts every marker at frame 0, so they differ by name (both names mean regen)
const regen = (n: 0 | 1 | 2) =>
  ['regen', 'regenerate'].slice(0, n).map((name) => ({ name, comment: '' }));
const shot = (name: string, regens: 0 | 1 | 2): TestClip => ({
  name,
  frames: 6,
  libero: { prompt: `the ${name} street` },
  markers: regen(regens),
});

let dir = '';
const cut = () => join(dir, 'cut.otio');
const conformedFile = () => join(dir, 'cut.conformed.otio');

async function generate(
  shotIds: string[] | null,
  onEvent: (e: PipelineEvent) => void = () => undefined,
): Promise<GenerateResult> {
  return generateProject({
    project: await loadProject(cut()),
    generator: { ...createDraftGenerator(process.env), concurrency: 1 },
    shotIds,
    state: null,
    signal: null,
    onEvent,
    now: () => new Date(),
  });
}

function conformed(): Timeline {
  return readFromString(readFileSync(conformedFile(), 'utf8'), { file: 'c' }) as Timeline;
}
function clipOf(timeline: Timeline, shotId: string): Clip {
  const clip = timeline
    .findClips()
    .find((c) => (c.metadata['libero'] as Record<string, unknown>)['shot_id'] === shotId);
  if (clip === undefined) throw new Error(`no clip for ${shotId}`);
  return clip;
}
const activeOf = (shotId: string) => clipOf(conformed(), shotId).activeMediaReferenceKey;

describe('generateProject run twice at once', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'libero-concurrent-'));
    writeFileSync(join(dir, 'libero.json'), JSON.stringify(CONFIG));
    writeFileSync(cut(), writeToString(buildTimeline([shot('sc01', 0), shot('sc02', 0)])));
    await generate(null);
    expect([activeOf('sc01'), activeOf('sc02')]).toEqual(['take-001', 'take-001']);
  });

  it("keeps both runs' new takes active and records no choice the editor did not make", async () => {
    writeFileSync(cut(), writeToString(buildTimeline([shot('sc01', 1), shot('sc02', 1)])));
    const [one, two] = await Promise.all([generate(['sc01']), generate(['sc02'])]);
    expect(one.shots.find((s) => s.shotId === 'sc01')?.activeTake).toBe('take-002');
    expect(two.shots.find((s) => s.shotId === 'sc02')?.activeTake).toBe('take-002');
    expect([activeOf('sc01'), activeOf('sc02')]).toEqual(['take-002', 'take-002']);
    const state = openProjectState(await loadProject(cut()));
    try {
      expect([state.store.choice('sc01'), state.store.choice('sc02')]).toEqual([null, null]);
    } finally {
      state.close();
    }
  });

  it('keeps a take the editor chooses in the conformed file while a run is generating', async () => {
    writeFileSync(cut(), writeToString(buildTimeline([shot('sc01', 2), shot('sc02', 1)])));
    let chosen = false;
    await generate(null, (event) => {
      if (event.type !== 'step-started' || chosen) return;
      chosen = true;
      // the editor, in the NLE, picks take-001 of sc02 in the conformed timeline
      const edited = conformed();
      clipOf(edited, 'sc02').setActiveMediaReferenceKey('take-001');
      writeFileSync(conformedFile(), writeToString(edited));
    });
    expect(chosen).toBe(true);
    expect(activeOf('sc01')).toBe('take-003');
    expect(activeOf('sc02')).toBe('take-001');
  });
});
