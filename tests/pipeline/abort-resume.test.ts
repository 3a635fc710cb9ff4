/**
 * Cancelling a run (Ctrl-C, a newer timeline version) rejects with ABORTED and leaves only whole
 * outputs; the next run redoes only the unfinished steps.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject } from '../../src/pipeline/project.js';
import { hasCode } from '../../src/shared/index.js';
import { writeToString } from '../../src/timeline/index.js';
import { buildTimeline } from '../shots/build-timeline.js';

describe('cancel and resume', () => {
  it('kills the running video step, keeps the finished still, and resumes from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-abort-'));
    writeFileSync(
      join(dir, 'libero.json'),
      JSON.stringify({ stillWidth: 64, stillHeight: 36, upscaleFactor: 1 }),
    );
    writeFileSync(
      join(dir, 'cut.otio'),
      writeToString(buildTimeline([{ name: 'sc01', frames: 24, libero: { prompt: 'a road' } }])),
    );
    const controller = new AbortController();
    const first: PipelineEvent[] = [];
    const run = (signal: AbortSignal | null, events: PipelineEvent[]) =>
      loadProject(join(dir, 'cut.otio')).then((project) =>
        generateProject({
          project,
          generator: { ...createDraftGenerator(process.env), concurrency: 1 },
          shotIds: null,
          state: null,
          signal,
          onEvent: (e) => {
            events.push(e);
            if (e.type === 'step-started' && e.kind === 'video')
              controller.abort(new Error('a newer version'));
          },
          now: () => new Date(),
        }),
      );
    const error = await run(controller.signal, first).catch((e: unknown) => e);
    expect(hasCode(error, 'ABORTED')).toBe(true);
    expect(
      first.filter((e) => e.type === 'step-done').map((e) => (e as { kind: string }).kind),
    ).toEqual(['still']);
    // the killed step's half-written work folder is gone
    expect(readdirSync(join(dir, '.libero', 'tmp'))).toEqual([]);

    const second: PipelineEvent[] = [];
    const result = await run(null, second);
    expect(
      second.filter((e) => e.type === 'step-cached').map((e) => (e as { kind: string }).kind),
    ).toEqual(['still']);
    expect(
      second.filter((e) => e.type === 'step-done').map((e) => (e as { kind: string }).kind),
    ).toEqual(['video', 'upscale']);
    expect(result.shots[0]).toMatchObject({ status: 'generated', activeTake: 'take-001' });
  });
});
