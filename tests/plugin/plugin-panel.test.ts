/**
 * The Resolve plugin's page in real headless Chromium, inside a harness that plays the plugin's
 * Electron main process: `window.liberoResolve` (what preload.cjs exposes) calls the plugin's
 * own actions with a recording stand-in of Resolve, against a real `libero serve`. The editor
 * sends the cut, sees the shots arrive, regenerates one from a marker and one from the panel,
 * and brings the conformed timeline back; a screenshot is saved (test-output/plugin-panel.png).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginActions, serviceClient } from '../../plugin/lib/index.js';
import { createResolveStandIn } from '../fakes/resolve-stand-in.js';
import { launchChromium, SCREENSHOT_DIR } from '../panel/chromium.js';
import { startHarness } from '../server/serve-harness.js';
import type { Harness } from '../server/serve-harness.js';
import { tinyTimeline } from '../server/tiny-project.js';
import type { TinyShot } from '../server/tiny-project.js';

const CUT: TinyShot[] = [
  { name: 'sh010', prompt: 'a partisan walking up a mountain path' },
  { name: 'sh020', prompt: 'a letter on a desk under a small lamp' },
];

describe('the Resolve panel: send, watch, regenerate, bring back', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    h = await startHarness({ shots: CUT, writeTimeline: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  it('works from inside Resolve without leaving it', async () => {
    const standIn = createResolveStandIn({
      timeline: JSON.parse(tinyTimeline(CUT, 'cut')),
      projectName: 'Partigiano',
    });
    const actions = createPluginActions({
      resolve: standIn.resolve,
      client: serviceClient({ url: h.base, token: h.token }),
    });
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    // What preload.cjs does through contextBridge + ipcRenderer.invoke, here through bindings.
    await page.exposeBinding('__liberoSend', () => actions.send());
    await page.exposeBinding('__liberoRegen', (_source, note: string) =>
      actions.placeRegenMarker(note),
    );
    await page.exposeBinding('__liberoBringBack', () => actions.bringBack());
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, (...a: unknown[]) => unknown>;
      (window as unknown as { liberoResolve: unknown }).liberoResolve = {
        send: () => w['__liberoSend']!(),
        placeRegenMarker: (note: string) => w['__liberoRegen']!(note),
        bringBack: () => w['__liberoBringBack']!(),
      };
    });
    await page.goto(serviceClient({ url: h.base, token: h.token }).panelUrl());
    await page.locator('#resolve-bar:not([hidden])').waitFor();
    // nothing exported yet: the panel says so
    await page.locator('#timeline-error:not([hidden])').waitFor();
    expect(await page.locator('#timeline-error').textContent()).toMatch(
      /cannot be read yet[\s\S]*FILE_NOT_FOUND/,
    );

    // Send: Resolve exports the cut into the watched file; the shots arrive and generate
    await page.locator('#resolve-send').click();
    await page.locator('#resolve-status[data-ok="true"]').waitFor();
    expect(await page.locator('#resolve-status').textContent()).toBe('sent "cut" to libero');
    const shot = (id: string) => page.locator(`li.shot[data-shot-id="${id}"]`);
    await shot('sh020').locator('.shot-status[data-status="done"]').waitFor({ timeout: 30_000 });
    await shot('sh010').locator('.shot-status[data-status="done"]').waitFor();
    expect(await page.locator('#timeline-error').isHidden()).toBe(true);

    // Regenerate from the timeline: a regen marker on the clip under the playhead, sent again
    standIn.current()!.playheadFrame = standIn.current()!.items[0]!.start;
    await page.locator('#resolve-note').fill('darker, more fog');
    await page.locator('#resolve-regen').click();
    await page
      .locator('#resolve-status[data-ok="true"]')
      .filter({ hasText: 'regen marker' })
      .waitFor();
    await shot('sh010').locator('.take[data-take="take-002"]').waitFor({ timeout: 30_000 });
    await shot('sh010').locator('.shot-status[data-status="done"]').waitFor();
    const marker = standIn.calls.find((c) => c.method === 'AddMarker');
    expect(marker?.args.slice(1, 4)).toEqual(['Red', 'regen', 'darker, more fog']);

    // Regenerate from the panel
    await shot('sh020').locator('input[name="seed"]').fill('42');
    await shot('sh020').locator('button.regenerate').click();
    await shot('sh020').locator('.take[data-take="take-002"]').waitFor({ timeout: 30_000 });
    await shot('sh020').locator('.shot-status[data-status="done"]').waitFor();
    await h.server.service.idle();

    // Bring back: a new versioned timeline with every take linked, the editor's cut untouched
    await page.locator('#resolve-bring-back').click();
    await page.locator('#resolve-status[data-ok="true"]').filter({ hasText: 'imported' }).waitFor();
    expect(await page.locator('#resolve-status').textContent()).toBe('imported as "cut libero v1"');
    expect(standIn.timelines.map((t) => t.name)).toEqual(['cut', 'cut libero v1']);
    expect(standIn.current()!.name).toBe('cut libero v1');
    const imported = standIn.current()!;
    expect(imported.items.map((i) => i.media?.file ?? null)).toEqual([
      join(h.dir, 'out', 'shots', 'sh010', 'take-002.mp4'),
      join(h.dir, 'out', 'shots', 'sh020', 'take-002.mp4'),
    ]);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'plugin-panel.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
