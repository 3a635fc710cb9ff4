/**
 * The generate use-case end to end with the real draft backend and ffmpeg, at tiny sizes:
 * cache hits, partial re-runs, takes and the editor's choices, chaining, the conformed file.
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
import { probeMedia } from '../../src/media/index.js';
import { ExternalReference, readFromString, writeToString } from '../../src/timeline/index.js';
import type { Timeline, Clip } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';
import type { TestClip } from '../shots/build-timeline.js';

const CONFIG = {
  stillWidth: 128,
  stillHeight: 72,
  generatedFps: 12,
  upscaleFactor: 2,
  // 1 s per video clip: a 30-frame shot (1.25 s) is chained from two clips
  backends: { maxVideoSeconds: 1 },
  seedGroups: { city: 927715408442632 },
};

const A: TestClip = {
  name: 'sc01',
  frames: 12,
  libero: { prompt: 'a street', seed_group: 'city', motion: 'pan right' },
};
const B: TestClip = { name: 'sc02', frames: 12, libero: { prompt: 'a window', motion: 'push in' } };
const LONG: TestClip = { name: 'sc03', frames: 30, libero: { prompt: 'a long road' } };
const EMPTY: TestClip = { name: 'sc04', frames: 12 };

let dir = '';
const timelineFile = () => join(dir, 'cut.otio');
const writeCut = (timeline: Timeline) =>
  writeFileSync(timelineFile(), writeToString(timeline) + '\n');

async function generate(): Promise<{ result: GenerateResult; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const result = await generateProject({
    project: await loadProject(timelineFile()),
    generator: { ...createDraftGenerator(process.env), concurrency: 2 },
    shotIds: null,
    state: null,
    signal: null,
    onEvent: (e) => events.push(e),
    now: () => new Date(),
  });
  return { result, events };
}

const ran = (events: PipelineEvent[]) =>
  events.flatMap((e) => (e.type === 'step-done' ? [`${e.shotId}:${e.kind}`] : [])).sort();

function conformed(): Timeline {
  return readFromString(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8'), {
    file: 'c',
  }) as Timeline;
}

function clipOf(timeline: Timeline, shotId: string): Clip {
  const clip = timeline
    .findClips()
    .find(
      (c) => (c.metadata['libero'] as Record<string, unknown> | undefined)?.['shot_id'] === shotId,
    );
  if (clip === undefined) throw new Error(`no clip for ${shotId}`);
  return clip;
}

describe('generateProject with the draft backend', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'libero-generate-'));
    writeFileSync(join(dir, 'libero.json'), JSON.stringify(CONFIG));
    writeCut(buildTimeline([A, B, LONG, EMPTY]));
  });

  it('generates every shot with a prompt, chains the long one, lists the one without', async () => {
    const { result, events } = await generate();
    expect(result.shots.map((s) => [s.shotId, s.status, s.activeTake])).toEqual([
      ['sc01', 'generated', 'take-001'],
      ['sc02', 'generated', 'take-001'],
      ['sc03', 'generated', 'take-001'],
    ]);
    expect(result.needsPrompt.map((n) => n.clipName)).toEqual(['sc04']);
    // sc03: 30 frames at 24 fps = 15 frames at 12; 12 + (4 - 1): two clips, one last frame, a join
    expect(ran(events).filter((s) => s.startsWith('sc03'))).toEqual([
      'sc03:join',
      'sc03:last-frame',
      'sc03:still',
      'sc03:upscale',
      'sc03:video',
      'sc03:video',
    ]);
    const long = clipOf(conformed(), 'sc03');
    const take = long.mediaReferences['take-001'];
    expect(take).toBeInstanceOf(ExternalReference);
    const media = await probeMedia((take as ExternalReference).targetUrl);
    const video = media.streams.find((s) => s.kind === 'video');
    expect([video?.width, video?.height, video?.frameCount]).toEqual([256, 144, 15]);
    expect(video?.frameRate).toEqual({ num: 12, den: 1 });
    // the chosen take under DEFAULT_MEDIA and its own key, the placeholder kept under
    // editor-original; the editor's file is untouched
    expect(Object.keys(long.mediaReferences).sort()).toEqual([
      'DEFAULT_MEDIA',
      'editor-original',
      'take-001',
    ]);
    expect((long.mediaReferences['DEFAULT_MEDIA'] as ExternalReference).targetUrl).toBe(
      (take as ExternalReference).targetUrl,
    );
    expect(readFileSync(timelineFile(), 'utf8')).not.toContain('take-001');
  });

  it('does no work on a second run (every step is a cache hit)', async () => {
    const { result, events } = await generate();
    expect(result.ran).toBe(0);
    expect(ran(events)).toEqual([]);
    expect(result.shots.every((s) => s.status === 'cached' && s.takes === 1)).toBe(true);
  });

  it('re-runs only video and upscale when only the motion text changes, as a new take', async () => {
    writeCut(
      buildTimeline([A, { ...B, libero: { ...B.libero, motion: 'tilt down' } }, LONG, EMPTY]),
    );
    const { result, events } = await generate();
    expect(ran(events)).toEqual(['sc02:upscale', 'sc02:video']);
    // the editor is told what changed since the last pass
    const changes = events.find((e) => e.type === 'changes');
    expect(
      changes?.type === 'changes' ? changes.changes.filter((c) => c.kind !== 'unchanged') : null,
    ).toEqual([{ shotId: 'sc02', kind: 'spec-changed', fields: ['motion'] }]);
    expect(result.shots.find((s) => s.shotId === 'sc02')).toMatchObject({
      takes: 2,
      activeTake: 'take-002',
    });
    const clip = clipOf(conformed(), 'sc02');
    expect(Object.keys(clip.mediaReferences).sort()).toEqual([
      'DEFAULT_MEDIA',
      'editor-original',
      'take-001',
      'take-002',
    ]);
    expect(clip.activeMediaReferenceKey).toBe('take-002');
  });

  it('keeps the take the editor chose on the next passes, until a new take is asked for', async () => {
    // the editor opens the conformed timeline, picks take-001 for sc02, and exports it again
    const edited = conformed();
    clipOf(edited, 'sc02').setActiveMediaReferenceKey('take-001');
    writeCut(edited);
    const first = await generate();
    expect(ran(first.events)).toEqual([]);
    expect(clipOf(conformed(), 'sc02').activeMediaReferenceKey).toBe('take-001');
    const second = await generate();
    expect(ran(second.events)).toEqual([]);
    expect(clipOf(conformed(), 'sc02').activeMediaReferenceKey).toBe('take-001');
    // a regen marker: a new take (a new seed, from the still on); it becomes the active one
    const again = conformed();
    const clip = clipOf(again, 'sc02');
    const [marker] =
      buildTimeline([
        { name: 'x', frames: 1, markers: [{ name: 'regen', comment: '' }] },
      ]).findClips()[0]?.markers ?? [];
    if (marker !== undefined) clip.markers.push(marker);
    writeCut(again);
    const third = await generate();
    expect(ran(third.events)).toEqual(['sc02:still', 'sc02:upscale', 'sc02:video']);
    const after = clipOf(conformed(), 'sc02');
    expect(Object.keys(after.mediaReferences).sort()).toEqual([
      'DEFAULT_MEDIA',
      'editor-original',
      'take-001',
      'take-002',
      'take-003',
    ]);
    expect(after.activeMediaReferenceKey).toBe('take-003');
    // the editor's timeline still shows take-001 from before: not a new choice
    const fourth = await generate();
    expect(ran(fourth.events)).toEqual([]);
    expect(clipOf(conformed(), 'sc02').activeMediaReferenceKey).toBe('take-003');
  });

  it('takes a choice made in the conformed file itself', async () => {
    const file = join(dir, 'cut.conformed.otio');
    const edited = conformed();
    clipOf(edited, 'sc02').setActiveMediaReferenceKey('take-002');
    writeFileSync(file, writeToString(edited));
    await generate();
    expect(clipOf(conformed(), 'sc02').activeMediaReferenceKey).toBe('take-002');
    await generate();
    expect(clipOf(conformed(), 'sc02').activeMediaReferenceKey).toBe('take-002');
  });

  it('generates nothing when clips are only reordered and trimmed shorter', async () => {
    writeCut(buildTimeline([{ ...LONG, start: 4, frames: 20 }, { ...A, frames: 8 }, B, EMPTY]));
    const { result, events } = await generate();
    expect(ran(events)).toEqual([]);
    const shots = new Map(result.shots.map((s) => [s.shotId, s]));
    expect(shots.get('sc03')).toMatchObject({ status: 'cached', takes: 1, activeTake: 'take-001' });
    expect(shots.get('sc01')).toMatchObject({ status: 'cached', takes: 1, activeTake: 'take-001' });
  });
});
