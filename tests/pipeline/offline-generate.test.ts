/**
 * `libero generate` on a real export whose media is all on the editor's drive (a Hiero timeline
 * from AYON's tests): nothing is generated over the editor's footage, and the summary lists the
 * offline clips apart from "needs a prompt", with their paths.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeEvent, describeResult } from '../../src/cli/commands/generate-progress.js';
import { createDraftGenerator } from '../../src/main.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import type { PipelineEvent } from '../../src/pipeline/pipeline-event.js';
import { loadProject } from '../../src/pipeline/project.js';

const hiero = fileURLToPath(
  new URL('../fixtures/otio/ayon/hiero-sq001-timeline.otio', import.meta.url),
);

describe('generate on offline media', () => {
  it('generates nothing and lists the offline clips apart from needs-a-prompt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'libero-offline-'));
    copyFileSync(hiero, join(dir, 'sq001.otio'));
    const events: PipelineEvent[] = [];
    const result = await generateProject({
      project: await loadProject(join(dir, 'sq001.otio')),
      generator: createDraftGenerator(process.env),
      shotIds: null,
      state: null,
      signal: null,
      onEvent: (e) => events.push(e),
      now: () => new Date(),
    });
    expect([result.shots.length, result.needsPrompt.length, result.offline.length]).toEqual([
      0, 0, 10,
    ]);
    const found = events.find((e) => e.type === 'shots-found');
    expect(found === undefined ? null : describeEvent(found)).toBe(
      'found 0 shot(s), 10 clip(s) of offline media (not shots)',
    );
    const lines = describeResult(result);
    expect(lines.slice(1, 4)).toEqual([
      "  offline media: 10 clip(s) whose files are not on this machine (never generated; map the editor's folders with paths.map in libero.json, see `libero doctor TIMELINE`):",
      '    clip "referenceclip_mediash010" on track reference: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
      '    clip "referencesq01sh010" on track reference: C:/projects/AY01_VFX_demo/resources/reference/sq001.mov',
    ]);
    expect(lines.some((l) => l.includes('needs a prompt'))).toBe(false);
    // The hand-back is the editor's cut unchanged: no take was put over the footage.
    expect(readFileSync(result.conformedFile, 'utf8')).not.toContain('take-001');
  }, 60_000);
});
