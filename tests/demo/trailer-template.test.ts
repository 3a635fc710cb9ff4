/**
 * The demo trailer (templates/projects/trailer) is what PIPELINE.md describes, and it drafts
 * end to end: every shot generated, the end card and the audio cues left to their renderers.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProjectConfig } from '../../src/config/index.js';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { projectTemplatesDir } from '../../src/pipeline/init-project.js';
import { loadProject, parseTimeline } from '../../src/pipeline/project.js';
import { findShots } from '../../src/shots/index.js';
import { Clip, GeneratorReference } from '../../src/timeline/index.js';

const dir = join(projectTemplatesDir(), 'trailer');
const timeline = parseTimeline(readFileSync(join(dir, 'trailer.otio'), 'utf8'), 'trailer.otio');
const configJson = JSON.parse(readFileSync(join(dir, 'libero.json'), 'utf8')) as Record<
  string,
  unknown
>;
const config = parseProjectConfig({ json: configJson, file: 'libero.json' });

describe('the demo trailer', () => {
  it('is about 90 s at 24 fps with the eight scenes, scene 6 as three shots', () => {
    const duration = timeline.duration();
    expect(duration.rate).toBe(24);
    expect(duration.value / 24).toBe(89);
    const { shots, needsPrompt } = findShots({ timeline, config, fileExists: () => false });
    expect(shots.map((s) => s.spec.shotId)).toEqual([
      'sc01',
      'sc02',
      'sc03',
      'sc04',
      'sc05',
      'sc06a',
      'sc06b',
      'sc06c',
      'sc07',
    ]);
    expect(needsPrompt).toEqual([]);
    // PIPELINE.md's seed groups: partisan 3, 7; letter 4; delivery 5; mountains 6; city 1 (and 2)
    expect(Object.fromEntries(shots.map((s) => [s.spec.shotId, s.spec.seedGroup]))).toEqual({
      sc01: 'city landscapes',
      sc02: 'city landscapes',
      sc03: 'partisan',
      sc04: 'letter',
      sc05: 'letter delivery',
      sc06a: 'mountain landscapes',
      sc06b: 'mountain landscapes',
      sc06c: 'mountain landscapes',
      sc07: 'partisan',
    });
    expect(shots.find((s) => s.spec.shotId === 'sc07')?.spec.seed).toBe(184229719894473);
    // every prompt starts with place and year, the character shots carry the trigger words
    for (const s of shots) expect(s.spec.prompt.startsWith('Italy,')).toBe(true);
    expect(
      shots.filter((s) => s.spec.prompt.includes('p4rtigiano man')).map((s) => s.spec.shotId),
    ).toEqual(['sc03', 'sc04', 'sc05', 'sc07']);
    // the motion of sc07 comes from its marker
    expect(shots.find((s) => s.spec.shotId === 'sc07')?.spec.motion).toContain('static camera');
  });

  it('ends on a libero.title card and carries voice-over lines and a score cue', () => {
    const clips = timeline.findClips();
    const card = clips.find((c) => c.name === 'sc08 end card');
    expect(card?.mediaReference).toBeInstanceOf(GeneratorReference);
    expect((card?.mediaReference as GeneratorReference).generatorKind).toBe('libero.title');
    const [vo, music] = timeline.audioTracks();
    const lines = (vo?.children ?? []).filter((c): c is Clip => c instanceof Clip);
    expect(lines).toHaveLength(7);
    const first = lines[0]?.metadata['libero'] as { voiceover: { text: string; language: string } };
    expect(first.voiceover.text.startsWith("In quegli anni c'era la guerra")).toBe(true);
    expect(first.voiceover.language).toBe('it');
    const cue = (music?.children[0] as Clip).metadata['libero'] as { score: { prompt: string } };
    expect(cue.score.prompt).toContain('Instrumental');
  });

  it('drafts every shot (tiny sizes) and conforms them', async () => {
    const work = mkdtempSync(join(tmpdir(), 'libero-trailer-'));
    cpSync(dir, work, { recursive: true });
    writeFileSync(
      join(work, 'libero.json'),
      JSON.stringify({
        ...configJson,
        stillWidth: 64,
        stillHeight: 36,
        upscaleFactor: 1,
        generatedFps: 4,
      }),
    );
    const result = await generateProject({
      project: await loadProject(join(work, 'trailer.otio')),
      generator: { ...createDraftGenerator(process.env), concurrency: 2 },
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    expect(result.shots.map((s) => [s.shotId, s.status, s.activeTake])).toEqual(
      ['sc01', 'sc02', 'sc03', 'sc04', 'sc05', 'sc06a', 'sc06b', 'sc06c', 'sc07'].map((id) => [
        id,
        'generated',
        'take-001',
      ]),
    );
    const conformed = parseTimeline(
      readFileSync(result.conformedFile, 'utf8'),
      result.conformedFile,
    );
    const withTakes = conformed.findClips().filter((c) => c.activeMediaReferenceKey === 'take-001');
    expect(withTakes).toHaveLength(9);
  }, 120_000);
});
