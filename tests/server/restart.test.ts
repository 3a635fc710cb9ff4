/**
 * Restart safety with a real crash: `libero serve` runs as its own process (shot jobs side by
 * side, as many as the draft generator takes), is killed with SIGKILL in the middle of a long
 * shot's video stage, and started again. Finished stages are not
 * redone, the unfinished shot resumes from its last finished stage, no cache file is
 * half-written, and the editor's timeline is untouched.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';
import type { ServerEvent } from '../../src/server/api-contract.js';
import { shotState, startService, until } from './serve-process.js';
import { connectEvents } from './socket-client.js';
import { makeTinyProject } from './tiny-project.js';

/** Every file of the media cache with its size and mtime (render cache excluded). */
async function cacheFiles(dir: string): Promise<Map<string, string>> {
  const root = join(dir, '.libero', 'cache');
  const out = new Map<string, string>();
  if (!existsSync(root)) return out;
  for (const sub of await readdir(root)) {
    if (sub === 'render' || sub === 'audio') continue;
    for (const name of await readdir(join(root, sub))) {
      const s = await stat(join(root, sub, name));
      out.set(join(sub, name), `${s.size}@${s.mtimeMs}@${s.ino}`);
    }
  }
  return out;
}

describe('libero serve killed with SIGKILL mid-generation', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('restarts where it was: nothing redone, nothing lost, nothing half-written', async () => {
    const { dir, timeline } = await makeTinyProject([
      { name: 'sh010', prompt: 'a church tower in fog' },
      // long enough (20 s, 120 generated frames) to be killed in the middle of its video stage
      { name: 'sh020', prompt: 'a village square under snow', frames: 480 },
    ]);
    const configDir = await mkdtemp(join(tmpdir(), 'libero-config-'));
    cleanup.push(
      () => rm(dir, { recursive: true, force: true }),
      () => rm(configDir, { recursive: true, force: true }),
    );
    const editorsBytes = createHash('sha256')
      .update(await readFile(timeline))
      .digest('hex');

    const first = await startService(timeline, configDir);
    cleanup.push(async () => void first.child.kill('SIGKILL'));
    // Shots may run side by side and the tiny one may be over before any socket connects: ask
    // the service where each shot is, until the short shot is done and the long one's video
    // stage is under way (it has many frames to go). The kill must not land inside a conform:
    // a conform lock file left empty by a crash is never taken over (src/pipeline/conform-lock.ts).
    await until(async () => {
      const [short, long] = await Promise.all([
        shotState(first, 'sh010'),
        shotState(first, 'sh020'),
      ]);
      const video = long?.stages.find((st) => st.stage === 'video');
      // sh010's own conform (after its shot.done) is written: no conform holds the lock now
      const conforms = first.log().split('conformed timeline written').length - 1;
      return (
        conforms >= 2 &&
        short?.status === 'done' &&
        video?.status === 'running' &&
        video.percent < 50
      );
    }, 60_000);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    // Nothing half-written: every cache entry is a complete pair (media + provenance), readable.
    const before = await cacheFiles(dir);
    const media = [...before.keys()].filter((f) => !f.endsWith('.json'));
    expect(media.length).toBeGreaterThanOrEqual(4); // sh010: still, video, upscale; sh020: still
    for (const file of media) {
      expect(before.has(file.replace(/\.\w+$/, '.json'))).toBe(true);
      const probed = await probeMedia(join(dir, '.libero', 'cache', file));
      expect(probed.streams.length).toBeGreaterThan(0);
    }

    const second = await startService(timeline, configDir);
    cleanup.push(async () => void second.child.kill('SIGKILL'));
    expect(second.token).toBe(first.token);
    const again = await connectEvents({ port: second.port, token: second.token });
    const done = await again
      .waitFor((e) => e.type === 'shot.done' && e.shotId === 'sh020', 60_000)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\nthe restarted service logged:\n${second.log()}`);
      });
    const loaded = again.events.find((e) => e.type === 'timeline.loaded') as Extract<
      ServerEvent,
      { type: 'timeline.loaded' }
    >;
    expect(loaded.shots.find((s) => s.id === 'sh010')).toMatchObject({
      status: 'done',
      activeTake: 'take-001',
    });
    // only the interrupted shot was queued, and only from its first unfinished stage
    expect(second.log()).toMatch(
      /timeline version 1 loaded: 2 shots, 1 queued \[sh020: resume video\+upscale\]\n/,
    );
    expect(again.events.filter((e) => e.type === 'shot.progress' && e.stage === 'still')).toEqual(
      [],
    );
    expect(
      (done as Extract<ServerEvent, { type: 'shot.done' }>).shot.takes.map((t) => t.id),
    ).toEqual(['take-001']);

    // Nothing redone: every cache file from before the crash is the very same file.
    const after = await cacheFiles(dir);
    for (const [file, identity] of before)
      expect([file, after.get(file)]).toEqual([file, identity]);
    // Nothing the editor made was touched.
    expect(
      createHash('sha256')
        .update(await readFile(timeline))
        .digest('hex'),
    ).toBe(editorsBytes);
    again.close();
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 120_000);
});
