/**
 * The web panel in real headless Chromium against a real `libero serve`: log in with the printed
 * URL, see the shots with their take thumbnails, edit a prompt and regenerate, watch the progress
 * reach done, and save a screenshot (test-output/panel.png).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from '../server/serve-harness.js';
import type { Harness } from '../server/serve-harness.js';
import { launchChromium, SCREENSHOT_DIR } from './chromium.js';

describe('the web panel in headless Chromium', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    h = await startHarness({
      shots: [
        { name: 'sh010', prompt: 'a ruined street at dawn' },
        { name: 'sh020', prompt: 'a mountain path, a man walking toward the camera' },
        { name: 'sh030', prompt: null },
      ],
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh020');
    await h.server.service.idle();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  it('shows the shots, regenerates one with an edited prompt, and shows progress to done', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${h.base}/?token=${h.token}`);
    expect(page.url()).toBe(`${h.base}/`);
    await page.locator('#connection[data-state="open"]').waitFor();

    const shot = (id: string) => page.locator(`li.shot[data-shot-id="${id}"]`);
    await shot('sh010').locator('.shot-status[data-status="done"]').waitFor();
    expect(await page.locator('li.shot').count()).toBe(3);
    expect(await shot('sh030').getAttribute('data-status')).toBe('needs-prompt');
    // the take thumbnail is the generated still, loaded through the API
    const thumb = shot('sh010').locator('.take img');
    await thumb.waitFor();
    await expect
      .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(256);
    expect(await shot('sh010').locator('textarea[name="prompt"]').inputValue()).toBe(
      'Italy, 1944, a ruined street at dawn',
    );

    await shot('sh010')
      .locator('textarea[name="prompt"]')
      .fill('Italy, 1944, a ruined street in the rain at night');
    await shot('sh010').locator('input[name="seed"]').fill('1234');
    await shot('sh010').locator('button.regenerate').click();
    // progress shows, then the shot is done with a second take, active
    await shot('sh010')
      .locator(
        'progress[data-stage="still"][data-status="running"], progress[data-stage="video"][data-status="running"], progress[data-stage="upscale"][data-status="running"]',
      )
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('sh010').locator('.take').nth(1).waitFor({ timeout: 30_000 });
    await shot('sh010').locator('.shot-status[data-status="done"]').waitFor();
    const takes = await shot('sh010')
      .locator('.take')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-take'), e.classList.contains('active')]),
      );
    expect(takes).toEqual([
      ['take-001', false],
      ['take-002', true],
    ]);
    const bars = await shot('sh010')
      .locator('progress')
      .evaluateAll((els) => els.map((e) => (e as HTMLProgressElement).value));
    expect(bars).toEqual([100, 100, 100]);
    await expect
      .poll(() =>
        shot('sh010')
          .locator('.take.active img')
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(256);
    expect(await shot('sh010').locator('textarea[name="prompt"]').inputValue()).toBe(
      'Italy, 1944, a ruined street in the rain at night',
    );

    // choosing the first take again
    await shot('sh010').locator('.take[data-take="take-001"]').click();
    await shot('sh010').locator('.take.active[data-take="take-001"]').waitFor();

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'panel.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows a broken export where it belongs, and a regenerate refusal on its shot', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${h.base}/?token=${h.token}`);
    await page.locator('#connection[data-state="open"]').waitFor();
    const sh030 = page.locator('li.shot[data-shot-id="sh030"]');
    await sh030.locator('button.regenerate').click();
    await sh030.locator('.shot-error:not([hidden])').waitFor();
    expect(await sh030.locator('.shot-error').textContent()).toMatch(
      /API_CONFLICT: shot "sh030" has no prompt yet/,
    );
    const { writeFile } = await import('node:fs/promises');
    await writeFile(h.timeline, '{ "OTIO_SCHEMA": "Timeline.1", oops');
    await page.locator('#timeline-error:not([hidden])').waitFor();
    expect(await page.locator('#timeline-error').textContent()).toMatch(/TIMELINE_INVALID_JSON/);
    expect(await page.locator('li.shot').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'panel-error.png'), fullPage: true });
  });
});
