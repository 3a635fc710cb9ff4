/**
 * What the service knows reaches the editor's panel (headless Chromium against a real
 * `libero serve`): a voice-over line ElevenLabs refused is marked failed with the vendor's words
 * beside a line that was made (a fake ElevenLabs that knows only the account's voices); the
 * editor's footage that `paths.map` cannot find is listed as offline media with the hint, and a
 * clip whose media is here is not; a shot whose upscale failed on both fake ComfyUI hosts shows
 * its stand-in, on load and, for a shot regenerated from the panel, live from `shot.failed`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenerator } from '../../src/main.js';
import { audioBackendFor } from '../../src/pipeline/audio-backend-from-env.js';
import { DEFAULT_AUDIO_SETTINGS, produceAudio } from '../../src/pipeline/audio-produce.js';
import { loadProject } from '../../src/pipeline/project.js';
import { FakeComfyUI } from '../fakes/comfyui/fake-comfyui.js';
import { PREMADE_VOICES, startFakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import type { FakeElevenLabs } from '../fakes/elevenlabs/fake-elevenlabs.js';
import { TINY } from '../comfyui/comfy-test-kit.js';
import { startHarness } from '../server/serve-harness.js';
import type { Harness } from '../server/serve-harness.js';
import { launchChromium, SCREENSHOT_DIR } from './chromium.js';

const KEY = 'sk_panel_gaps';
const FOOTAGE = 'D:\\Footage\\A001_C003.mov';

describe('failed cues, offline media and stand-ins in the panel', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let fakes: FakeComfyUI[] = [];
  let eleven: FakeElevenLabs;
  let generator: ReturnType<typeof createGenerator>;
  let media = '';

  beforeAll(async () => {
    media = await mkdtemp(join(tmpdir(), 'libero-panel-gaps-'));
    const ready = join(media, 'B002_C001.mov');
    await writeFile(ready, 'the editor’s footage, here');
    await mkdir(join(media, 'footage'));
    eleven = await startFakeElevenLabs({ apiKey: KEY });
    fakes = await Promise.all(
      [0, 1].map(() =>
        new FakeComfyUI({
          ...TINY,
          modelFolders: { upscale_models: ['4x-UltraSharp.pth'] },
        }).start(),
      ),
    );
    generator = createGenerator({ env: {}, comfyui: fakes.map((f) => f.url).join(',') });
    const audioBackend = audioBackendFor({
      env: { apiKey: KEY, baseUrl: eleven.url, voiceId: null, draftVoice: null },
      retry: null,
      onEvent: null,
    });
    h = await startHarness({
      shots: [
        { name: 'sh010', prompt: 'a ruined street at dawn', frames: 12 },
        { name: 'A001_C003: take 2', prompt: null, media: FOOTAGE },
        { name: 'B002_C001', prompt: null, media: ready },
        { name: 'sh020', prompt: null, frames: 12 },
      ],
      audio: [
        { name: 'VO 1', text: 'Torino è stata bombardata.', voice: PREMADE_VOICES['Roger'] ?? '' },
        { name: 'VO 2', text: 'Le bombe fischiavano.', voice: 'voice_not_on_account' },
      ],
      config: { paths: { map: [{ from: 'D:\\Footage', to: join(media, 'footage') }] } },
      audioBackend,
      // a render ran before: the first line was made, the vendor refused the second one's voice
      prepare: async ({ timeline }) => {
        const project = await loadProject(timeline);
        await produceAudio({
          timeline: project.timeline,
          projectDir: project.dir,
          config: project.config,
          settings: DEFAULT_AUDIO_SETTINGS,
          backend: audioBackend,
          signal: null,
          onEvent: null,
        });
      },
      generator: { ...generator, concurrency: 1 },
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.failed' && e.shotId === 'sh010', 60_000);
    await h.server.service.idle();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    generator?.close?.();
    await Promise.all(fakes.map((f) => f.dispose()));
    await eleven?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
    await rm(media, { recursive: true, force: true });
  });

  it('shows each cue’s status, the offline clip with the hint, and the stand-ins', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${h.base}/?token=${h.token}`);
    await page.locator('#connection[data-state="open"]').waitFor();

    // audio: the made line is marked made, the refused one failed with ElevenLabs' message
    await page.locator('#audio li').first().waitFor();
    const cues = page.locator('#audio li');
    expect(
      await cues.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['status'])),
    ).toEqual(['cached', 'failed']);
    const made = page.locator('#audio li[data-status="cached"]');
    expect(await made.textContent()).toBe('made V.O.: Torino è stata bombardata.');
    expect(await made.locator('.cue-error').count()).toBe(0);
    const refused = page.locator('#audio li[data-status="failed"]');
    expect(await refused.locator('.cue-status').textContent()).toBe('failed');
    expect(await refused.locator('.cue-error').textContent()).toMatch(
      /^ELEVENLABS_REJECTED: .*A voice with the voice_id voice_not_on_account was not found.* — the render leaves it silent$/,
    );

    // offline media: the footage paths.map sends where it is not; never the clip that is here
    expect(await page.locator('#offline-section').isVisible()).toBe(true);
    expect(await page.locator('#offline-section').textContent()).toContain('paths.map');
    const offline = page.locator('#offline li');
    expect(await offline.count()).toBe(1);
    expect(await offline.textContent()).toBe(
      `clip A001_C003: take 2 on V1 at 0:00: ${FOOTAGE} (looked for ${join(media, 'footage', 'A001_C003.mov')})`,
    );
    expect(await page.locator('#offline').textContent()).not.toContain('B002_C001');

    // the stand-in of the shot whose upscale failed, with its preview
    const shot = (id: string) => page.locator(`li.shot[data-shot-id="${id}"]`);
    const standIn = shot('sh010').locator('.stand-in[data-status="degraded"]');
    await standIn.waitFor();
    expect(await standIn.textContent()).toMatch(
      /^stand-in: upscale failed \(not upscaled: .*OmniSR.*\) — the next run upscales for real play stand-in$/,
    );
    const href = await standIn.locator('a').getAttribute('href');
    expect(href).toMatch(/^\/api\/files\/\.libero\/cache\/.+\.mp4$/);
    expect((await page.request.get(`${h.base}${href ?? ''}`)).status()).toBe(200);
    // the shot without a prompt has none
    expect(await shot('sh020').locator('.stand-in').isHidden()).toBe(true);

    // the editor gives sh020 a prompt and regenerates: its upscale fails too, the stand-in
    // arrives with shot.failed
    await shot('sh020').locator('textarea[name="prompt"]').fill('a mountain path');
    await shot('sh020').locator('button.regenerate').click();
    await shot('sh020').locator('.shot-status[data-status="failed"]').waitFor({ timeout: 60_000 });
    await shot('sh020').locator('.stand-in[data-status="degraded"]').waitFor();

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'panel-gaps.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);
});
