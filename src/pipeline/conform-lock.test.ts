import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { hasCode } from '../shared/index.js';
import { withConformLock } from './conform-lock.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'libero-lock-'));

/** A lock run does not start while `file` exists, and runs once it is removed. */
async function expectWaitsUntilRemoved(liberoDir: string, file: string): Promise<void> {
  let ran = false;
  const waiting = withConformLock({ liberoDir, signal: null }, async () => {
    ran = true;
  });
  await delay(200);
  expect(ran).toBe(false);
  await rm(file);
  await waiting;
  expect(ran).toBe(true);
}

describe('withConformLock', () => {
  it('runs the works of one project one at a time, in call order, and removes its file', async () => {
    const liberoDir = join(fresh(), '.libero');
    const log: string[] = [];
    const work = (name: string, ms: number) => async () => {
      log.push(`${name} in`);
      await delay(ms);
      log.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([
      withConformLock({ liberoDir, signal: null }, work('a', 40)),
      withConformLock({ liberoDir, signal: null }, work('b', 5)),
      withConformLock({ liberoDir, signal: null }, async () => {
        throw new Error('c failed');
      }).catch((e: Error) => e.message),
      withConformLock({ liberoDir, signal: null }, work('d', 1)),
    ]);
    expect(results).toEqual(['a', 'b', 'c failed', 'd']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'd in', 'd out']);
    expect(existsSync(join(liberoDir, 'conform.lock'))).toBe(false);
  });

  it('takes over a lock file whose process is gone', async () => {
    const liberoDir = fresh();
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(join(liberoDir, 'conform.lock'), `${pid}\n`);
    expect(await withConformLock({ liberoDir, signal: null }, async () => 'ran')).toBe('ran');
  });

  it('takes over a lock file naming this process (a previous incarnation with the same pid)', async () => {
    const liberoDir = fresh();
    writeFileSync(join(liberoDir, 'conform.lock'), `${process.pid}\n`);
    expect(await withConformLock({ liberoDir, signal: null }, async () => 'ran')).toBe('ran');
  });

  it('takes over a lock file left empty by a process killed before it wrote its pid', async () => {
    const liberoDir = fresh();
    const file = join(liberoDir, 'conform.lock');
    writeFileSync(file, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(file, aMinuteAgo, aMinuteAgo);
    expect(await withConformLock({ liberoDir, signal: null }, async () => 'ran')).toBe('ran');
  });

  it('waits on a fresh empty lock file (its owner is writing the pid)', async () => {
    const liberoDir = fresh();
    const file = join(liberoDir, 'conform.lock');
    writeFileSync(file, '');
    await expectWaitsUntilRemoved(liberoDir, file);
  });

  it('takes over an old lock file even when its pid is alive (the pid was reused)', async () => {
    const liberoDir = fresh();
    const file = join(liberoDir, 'conform.lock');
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(file, `${stranger.pid}\n`);
      const longAgo = new Date(Date.now() - 10 * 60_000);
      utimesSync(file, longAgo, longAgo);
      expect(await withConformLock({ liberoDir, signal: null }, async () => 'ran')).toBe('ran');
    } finally {
      stranger.kill();
    }
  });

  it('waits while another live process holds the lock, and stops waiting when cancelled', async () => {
    const liberoDir = fresh();
    const file = join(liberoDir, 'conform.lock');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(file, `${holder.pid}\n`);
      await expectWaitsUntilRemoved(liberoDir, file);

      writeFileSync(file, `${holder.pid}\n`);
      const controller = new AbortController();
      const cancelled = withConformLock({ liberoDir, signal: controller.signal }, async () => 1);
      setTimeout(() => controller.abort(), 100);
      await expect(cancelled).rejects.toSatisfy((e: unknown) => hasCode(e, 'ABORTED'));
      expect(existsSync(file)).toBe(true);
    } finally {
      holder.kill();
    }
  });
});
