/**
 * Take QC reaches the editor through the service: a real `libero serve` with the draft backend
 * behind a video model that paints black frames into the takes of one seed (real ffmpeg). The
 * faulty take's QC (score, the black run, inside the cut with its timecode) is on its take in
 * `GET /api/project`, a clean take scores 100 with no fault (the hard negative beside it), a
 * regenerate sends `take.qc` on the socket before `shot.done`, and the panel in headless
 * Chromium shows each take's score on its thumbnail and the active take's faults under it.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftGenerator } from '../../src/main.js';
import { ProjectResponseSchema } from '../../src/server/api-contract.js';
import type { ServerEvent, Shot } from '../../src/server/api-contract.js';
import { FaultyVideoBackend } from '../fakes/faulty-video-backend.js';
import { startHarness } from '../server/serve-harness.js';
import type { Harness } from '../server/serve-harness.js';
import { launchChromium, SCREENSHOT_DIR } from './chromium.js';

const FAULTY = 5000;
const CLEAN = 6000;

describe('take QC in the service and the panel', () => {
  let h: Harness;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  const project = async () =>
    ProjectResponseSchema.parse(await (await h.api('/api/project')).json());
  const shotOf = async (id: string): Promise<Shot> => {
    const shot = (await project()).shots.find((s) => s.id === id);
    if (shot === undefined) throw new Error(`no shot ${id}`);
    return shot;
  };

  beforeAll(async () => {
    const draft = createDraftGenerator(process.env);
    h = await startHarness({
      // 2 s at 24 fps: 12 frames of take at the tiny project's 6 fps; frames 4-5 painted black
      shots: [
        { name: 'sh010', prompt: 'a ruined street at dawn', seed: FAULTY, frames: 48 },
        { name: 'sh020', prompt: 'a mountain path', seed: CLEAN, frames: 48 },
      ],
      generator: {
        ...draft,
        backend: new FaultyVideoBackend({
          inner: draft.backend,
          faultySeeds: new Set([FAULTY]),
          blackFrames: [4, 5],
        }),
        concurrency: 1,
      },
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh020', 60_000);
    await h.server.service.idle();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  it('puts each take’s stored QC on the shot: the black run inside the cut, none on the clean take', async () => {
    const faulty = await shotOf('sh010');
    expect(faulty.takes).toHaveLength(1);
    expect(faulty.takes[0]?.qc).toEqual({
      score: expect.any(Number),
      faults: [
        {
          kind: 'black',
          startFrame: 4,
          endFrame: 5,
          detail: expect.stringMatching(/black frame/),
          inCut: true,
          timecode: '00:00:00:16',
        },
      ],
    });
    expect(faulty.takes[0]?.qc?.score).toBeLessThan(100);
    const clean = await shotOf('sh020');
    expect(clean.takes[0]?.qc).toEqual({ score: 100, faults: [] });
  });

  it('sends take.qc for a new take before its shot.done, and the panel shows scores and faults', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    // what the panel's own socket receives
    const received: ServerEvent[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string')
          received.push(JSON.parse(frame.payload) as ServerEvent);
      }),
    );
    await page.goto(`${h.base}/?token=${h.token}`);
    await page.locator('#connection[data-state="open"]').waitFor();
    const shot = (id: string) => page.locator(`li.shot[data-shot-id="${id}"]`);

    // stored QC on load: a red score on the faulty take, its fault listed with its timecode
    const badge = shot('sh010').locator('.take[data-take="take-001"] .take-qc');
    await badge.waitFor();
    expect(await badge.getAttribute('data-faults')).toBe('in-cut');
    expect(await badge.textContent()).toMatch(/^QC \d+$/);
    const fault = shot('sh010').locator('.qc-faults li');
    expect(await fault.count()).toBe(1);
    expect(await fault.getAttribute('data-in-cut')).toBe('true');
    expect(await fault.textContent()).toMatch(
      /^take-001: black frames 4-5, inside the cut at 00:00:00:16 \(2 black frame/,
    );
    // the clean take: QC 100, nothing listed
    const cleanBadge = shot('sh020').locator('.take[data-take="take-001"] .take-qc');
    expect(await cleanBadge.textContent()).toBe('QC 100');
    expect(await cleanBadge.getAttribute('data-faults')).toBe('none');
    expect(await shot('sh020').locator('.qc-faults').isHidden()).toBe(true);

    // the editor regenerates the clean shot with the seed the video model fails on
    const socket = await h.events();
    await shot('sh020').locator('input[name="seed"]').fill(String(FAULTY));
    await shot('sh020').locator('button.regenerate').click();
    const done = await socket.waitFor(
      (e) => e.type === 'shot.done' && e.shotId === 'sh020',
      60_000,
    );
    const qcEvent = socket.events.find(
      (e) => e.type === 'take.qc' && e.shotId === 'sh020' && e.take === 'take-002',
    );
    expect(qcEvent).toMatchObject({
      qc: { faults: [{ kind: 'black', startFrame: 4, endFrame: 5, inCut: true }] },
    });
    expect(socket.events.indexOf(qcEvent as ServerEvent)).toBeLessThan(socket.events.indexOf(done));
    // the panel's socket got it too, and the new, active take shows its fault (sh020 starts at 2 s)
    await expect
      .poll(() => received.some((e) => e.type === 'take.qc' && e.take === 'take-002'))
      .toBe(true);
    await shot('sh020')
      .locator('.take.active[data-take="take-002"] .take-qc[data-faults="in-cut"]')
      .waitFor();
    expect(await shot('sh020').locator('.qc-faults li').first().textContent()).toMatch(
      /^take-002: black frames 4-5, inside the cut at 00:00:02:16/,
    );

    // choosing the clean take again: its faults list is empty
    await shot('sh020').locator('.take[data-take="take-001"]').click();
    await shot('sh020').locator('.take.active[data-take="take-001"]').waitFor();
    await expect.poll(() => shot('sh020').locator('.qc-faults').isHidden()).toBe(true);

    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'panel-qc.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
