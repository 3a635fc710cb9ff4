import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
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

  it('lets exactly one of several processes take over the same stale lock', async () => {
    // Three real processes find the same stale lock at once. Each one's removals of lock files
    // are slowed by 40 ms times its number (a preloaded wrapper of fs.promises.rm), so a process
    // that removes the stale file "late" would remove the lock another process just took, and two
    // would hold it. Each logs when it enters and leaves its work; no two may overlap.
    const dir = fresh();
    const liberoDir = join(dir, '.libero');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(liberoDir, { recursive: true });
    writeFileSync(join(liberoDir, 'conform.lock'), `${dead.pid ?? 0}\n`);
    const slowRm = join(dir, 'slow-rm.mjs');
    writeFileSync(
      slowRm,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const delayMs = Number(process.env.RM_DELAY_MS);
for (const name of ['rm', 'unlink']) {
  const original = fs.promises[name];
  fs.promises[name] = async (path, ...rest) => {
    if (String(path).includes('conform.lock')) await new Promise((r) => setTimeout(r, delayMs));
    return original(path, ...rest);
  };
}
syncBuiltinESMExports();
`,
    );
    const worker = join(dir, 'worker.mts');
    const log = join(dir, 'log.txt');
    const go = join(dir, 'go');
    writeFileSync(
      worker,
      `import { appendFileSync, existsSync } from 'node:fs';
import { withConformLock } from ${JSON.stringify(new URL('./conform-lock.ts', import.meta.url).pathname)};
while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
await withConformLock({ liberoDir: ${JSON.stringify(liberoDir)}, signal: null }, async () => {
  appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n');
  await new Promise((r) => setTimeout(r, 300));
  appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n');
});
`,
    );
    const children = [0, 1, 2].map((n) =>
      spawn(process.execPath, ['--import', 'tsx', '--import', slowRm, worker], {
        env: { ...process.env, RM_DELAY_MS: String(40 * n) },
        stdio: 'inherit',
      }),
    );
    await delay(2500); // every worker started (tsx) and waits for the go file
    writeFileSync(go, '');
    const codes = await Promise.all(
      children.map((c) => new Promise<number | null>((resolve) => c.on('exit', resolve))),
    );
    expect(codes).toEqual([0, 0, 0]);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(6);
    for (let i = 0; i < lines.length; i += 2) {
      const pid = lines[i]!.split(' ')[1];
      expect([lines[i], lines[i + 1]]).toEqual([`in ${pid}`, `out ${pid}`]);
    }
    // the holders removed their own files; only the stale one (a dead process's) remains
    expect(readdirSync(liberoDir).sort()).toEqual(['conform.lock']);
  }, 30_000);
});
