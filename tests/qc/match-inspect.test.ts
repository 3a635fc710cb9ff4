/**
 * One truth for take QC: `libero match` checks the active takes, stores the QC with the take
 * (`take-NNN.qc.json`) and copies it onto the take's media reference, and `libero inspect`
 * shows exactly what was stored, faults included. Real processes of the CLI, a draft project,
 * and a take whose picture was replaced by one with two black frames.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TakeAnalysis } from '../../src/conform/qc/take-analysis.js';
import { createDraftGenerator } from '../../src/main.js';
import { runFfmpeg } from '../../src/media/index.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { pathOfTargetUrl } from '../../src/shots/index.js';
import { ExternalReference, readFromString, writeToString } from '../../src/timeline/index.js';
import type { Clip, Timeline } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

let dir = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const libero = (...args: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

const shot = (name: string) => ({
  name,
  frames: 24,
  libero: { prompt: `shot ${name}`, scene: '1', seed: 7 },
});

function conformedClip(name: string): Clip {
  const timeline = readFromString(readFileSync(join(dir, 'cut.conformed.otio'), 'utf8'), {
    file: 'c',
  }) as Timeline;
  const clip = timeline.findClips().find((c) => c.name === name);
  if (clip === undefined) throw new Error(`no clip ${name}`);
  return clip;
}

let takeFile = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libero-match-inspect-'));
  writeFileSync(
    join(dir, 'libero.json'),
    JSON.stringify({ stillWidth: 128, stillHeight: 72, upscaleFactor: 1 }),
  );
  writeFileSync(
    join(dir, 'cut.otio'),
    writeToString(buildTimeline([shot('sc01a'), shot('sc01b')])) + '\n',
  );
});

describe('libero match, then libero inspect', () => {
  it('shows the faults match stored with the take, as stored', async () => {
    // generate the draft takes (QC on: every take is checked and stored once)
    await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator: { ...createDraftGenerator(process.env), concurrency: 1 },
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    const reference = conformedClip('sc01b').mediaReference;
    expect(reference).toBeInstanceOf(ExternalReference);
    takeFile = pathOfTargetUrl((reference as ExternalReference).targetUrl);
    const stored = takeFile.replace(/\.mp4$/, '.qc.json');
    expect(existsSync(stored)).toBe(true);

    // the take's picture gets two black frames (5 and 6); its stored QC no longer holds
    const faulty = join(dir, 'faulty.mp4');
    await runFfmpeg({
      job: {
        inputs: [{ source: takeFile, options: [] }],
        filterComplex: "[0:v]drawbox=c=black:t=fill:enable='between(n,5,6)'[v]",
        outputs: [
          {
            target: faulty,
            options: ['-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12'],
          },
        ],
      },
      signal: null,
      onProgress: null,
    });
    renameSync(faulty, takeFile);
    rmSync(stored);

    libero('match', join(dir, 'cut.otio'));
    const analysis = JSON.parse(readFileSync(stored, 'utf8')) as TakeAnalysis;
    expect(analysis.qc.faults.map((f) => [f.kind, f.startFrame, f.endFrame])).toEqual([
      ['black', 5, 6],
    ]);
    expect(analysis.qc.score).toBeLessThan(100);

    // copied onto the take's media reference in the conformed timeline, as generate does
    const active = conformedClip('sc01b').mediaReference;
    const onReference = (active?.metadata['libero'] as { qc: unknown } | undefined)?.qc;
    expect(onReference).toMatchObject({
      score: analysis.qc.score,
      faults: [{ kind: 'black', start_frame: 5, end_frame: 6 }],
    });

    // libero inspect prints what is stored
    const out = libero('inspect', join(dir, 'cut.conformed.otio'));
    const line = out.split('\n').find((l) => l.trim().startsWith('sc01b:'));
    expect(line?.trim()).toBe(`sc01b: take-001 QC ${analysis.qc.score} [black 5-6] (active)`);
    expect(out).toContain('sc01a: take-001 QC 100 (active)');

    // and the generate/render summary flags it inside the cut, even with QC off in generate
    writeFileSync(
      join(dir, 'libero.json'),
      JSON.stringify({
        stillWidth: 128,
        stillHeight: 72,
        upscaleFactor: 1,
        qc: { enabled: false },
      }),
    );
    const result = await generateProject({
      project: await loadProject(join(dir, 'cut.otio')),
      generator: { ...createDraftGenerator(process.env), concurrency: 1 },
      shotIds: null,
      state: null,
      signal: null,
      onEvent: null,
      now: () => new Date(),
    });
    expect(result.faultsInCut).toHaveLength(1);
    expect(result.faultsInCut[0]).toMatch(/sc01b.*black/);
  }, 120_000);
});
