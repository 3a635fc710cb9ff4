/**
 * Take QC inside generate, with the real draft backend and ffmpeg: a take with black frames
 * inside the cut is reported in the summary with its timecode and stored with its QC; a later,
 * faulty take does not displace a clean one; with qc.autoRetry the faulty take is regenerated
 * once with the next seed and the clean retry becomes active; each take's QC is on its media
 * reference in the conformed timeline.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { GenerateResult } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject } from '../../src/pipeline/project.js';
import { readFromString, writeToString } from '../../src/timeline/index.js';
import type { Clip, Timeline } from '../../src/timeline/index.js';
import { FaultyVideoBackend } from '../fakes/faulty-video-backend.js';
import { buildTimeline } from '../shots/build-timeline.js';
import type { TestClip } from '../shots/build-timeline.js';

const SEED = 5000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// 2 s at 24 fps -> 24 frames at 12 fps; black frames 10-11 of the take
const SHOT: TestClip = { name: 'sc01', frames: 48, libero: { prompt: 'a road', seed: SEED } };

function project(options: { autoRetry: boolean; clips: TestClip[] }): string {
  const dir = mkdtempSync(join(tmpdir(), 'libero-genqc-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({
      stillWidth: 128,
      stillHeight: 72,
      generatedFps: 12,
      upscaleFactor: 1,
      qc: { autoRetry: options.autoRetry },
    }),
  );
  writeFileSync(join(dir, 'cut.otio'), writeToString(buildTimeline(options.clips)) + '\n');
  return dir;
}

async function generate(
  dir: string,
  faultySeeds: number[],
): Promise<{ result: GenerateResult; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const draft = createDraftGenerator(process.env);
  const result = await generateProject({
    project: await loadProject(join(dir, 'cut.otio')),
    generator: {
      ...draft,
      backend: new FaultyVideoBackend({
        inner: draft.backend,
        faultySeeds: new Set(faultySeeds),
        blackFrames: [10, 11],
      }),
      concurrency: 1,
    },
    shotIds: null,
    state: null,
    signal: null,
    onEvent: (e) => events.push(e),
    now: () => new Date(),
  });
  return { result, events };
}

function shotClip(dir: string): Clip {
  const timeline = readFromString(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8'), {
    file: 'c',
  }) as Timeline;
  const clip = timeline.findClips()[0];
  if (clip === undefined) throw new Error('no clip');
  return clip;
}

const qcOf = (clip: Clip, key: string) =>
  (clip.mediaReferences[key]?.metadata['libero'] as Record<string, unknown> | undefined)?.['qc'];

describe('take QC in generate', () => {
  it('reports a fault inside the cut with its timecode and stores the QC with the take', async () => {
    const dir = project({ autoRetry: false, clips: [SHOT] });
    const { result, events } = await generate(dir, [SEED]);
    expect(result.faultsInCut).toEqual([
      'shot sc01: black at 00:00:00:20, inside the cut (2 black frame(s))',
    ]);
    const qcEvents = events.filter((e) => e.type === 'take-qc');
    expect(qcEvents).toHaveLength(1);
    expect(qcEvents[0]).toMatchObject({ shotId: 'sc01', take: 1, score: 72 });
    expect(existsSync(join(dir, 'out', 'shots', 'sc01', 'take-001.qc.json'))).toBe(true);
    expect(qcOf(shotClip(dir), 'take-001')).toMatchObject({
      score: 72,
      faults: [{ kind: 'black', start_frame: 10, end_frame: 11 }],
    });
  });

  it('keeps the clean take active when a newer take is faulty', async () => {
    const dir = project({ autoRetry: false, clips: [SHOT] });
    await generate(dir, [SEED + 1]);
    // the editor asks for another take; it comes out with black frames
    writeFileSync(
      join(dir, 'cut.otio'),
      writeToString(buildTimeline([{ ...SHOT, markers: [{ name: 'regen', comment: '' }] }])) + '\n',
    );
    const { result } = await generate(dir, [SEED + 1]);
    expect(result.shots[0]).toMatchObject({ takes: 2, activeTake: 'take-001' });
    expect(result.faultsInCut).toEqual([]);
    const clip = shotClip(dir);
    expect(clip.activeMediaReferenceKey).toBe('take-001');
    expect(qcOf(clip, 'take-002')).toMatchObject({ score: 72 });
    expect(qcOf(clip, 'take-001')).toMatchObject({ score: 100, faults: [] });
  });

  it('regenerates a faulty take once with the next seed when qc.autoRetry is on', async () => {
    const dir = project({ autoRetry: true, clips: [SHOT] });
    const { result, events } = await generate(dir, [SEED]);
    expect(result.shots[0]).toMatchObject({ takes: 2, activeTake: 'take-002' });
    expect(result.faultsInCut).toEqual([]);
    expect(events.filter((e) => e.type === 'take-added').map((e) => e.type)).toHaveLength(2);
    // the next pass does not retry again
    const again = await generate(dir, [SEED]);
    expect(again.result.ran).toBe(0);
    expect(again.result.shots[0]).toMatchObject({ takes: 2, activeTake: 'take-002' });
  });
});
