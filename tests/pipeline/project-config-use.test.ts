/**
 * libero.json's `conform.otioVersion` (the OTIO release of the conformed timeline) and
 * `audio.loudness` (the mix's target when no --loudness is given), used for real.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { audioBeforeRender } from '../../src/pipeline/audio-for-render.js';
import type { AudioResult } from '../../src/pipeline/audio-produce.js';
import { generateProject } from '../../src/pipeline/generate-project.js';
import { loadProject } from '../../src/pipeline/project.js';
import { hasCode } from '../../src/shared/index.js';
import { writeToString } from '../../src/timeline/index.js';
import { audioTimeline } from '../audio/audio-timeline.js';
import { buildTimeline } from '../shots/build-timeline.js';

function project(config: unknown, timelineText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'libero-config-use-'));
  writeFileSync(join(dir, 'libero.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'cut.otio'), timelineText);
  return join(dir, 'cut.otio');
}

// A placeholder without a prompt: listed, nothing generated, the conformed file still written.
const cut = writeToString(buildTimeline([{ name: 'sc01', frames: 6 }]));

async function conformedText(timeline: string): Promise<string> {
  const result = await generateProject({
    project: await loadProject(timeline),
    generator: createDraftGenerator({}),
    shotIds: null,
    state: null,
    signal: null,
    onEvent: null,
    now: () => new Date(),
  });
  return readFileSync(result.conformedFile, 'utf8');
}

describe('libero.json conform.otioVersion', () => {
  it('writes the conformed timeline for the release it names (default: 0.18.1, Clip.2)', async () => {
    expect(await conformedText(project({}, cut))).toContain('"OTIO_SCHEMA": "Clip.2"');
    const old = await conformedText(project({ conform: { otioVersion: '0.14.0' } }, cut));
    expect(old).toContain('"OTIO_SCHEMA": "Clip.1"');
    expect(old).not.toContain('"OTIO_SCHEMA": "Clip.2"');
  });

  it('refuses a release libero cannot write, naming the file and the field', async () => {
    const timeline = project({ conform: { otioVersion: '9.9.9' } }, cut);
    const error = await loadProject(timeline).catch((e: unknown) => e);
    expect(hasCode(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(
      /libero\.json: conform\.otioVersion "9\.9\.9" is not an OpenTimelineIO release .*0\.18\.1/,
    );
  });
});

describe('libero.json audio.loudness', () => {
  it("is the render's mix target when no --loudness is given", async () => {
    const timeline = project({ audio: { loudness: -23 } }, writeToString(audioTimeline()));
    const loaded = await loadProject(timeline);
    let result: AudioResult | null = null;
    const step = audioBeforeRender({
      backend: audioBackendFor({
        env: { apiKey: null, baseUrl: null, voiceId: null, draftVoice: null },
        retry: null,
        onEvent: null,
      }),
      settings: null,
      onEvent: null,
      onResult: (r) => {
        result = r;
      },
    });
    const prepared = await step({
      project: loaded,
      timeline: loaded.timeline,
      loudness: null,
      signal: null,
    });
    expect(prepared.audio.kind).toBe('file');
    const measured = (result as AudioResult | null)?.loudness?.integrated ?? 0;
    expect(Math.abs(measured - -23)).toBeLessThanOrEqual(1);
  });
});
