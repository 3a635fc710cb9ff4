/**
 * `libero serve` as its own process (so a test can SIGKILL it), and polling helpers for it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { ShotSchema } from '../../src/server/api-contract.js';
import type { Shot } from '../../src/server/api-contract.js';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A running `libero serve` child. */
export interface Service {
  readonly child: ChildProcess;
  /** What the service logged so far. */
  readonly log: () => string;
  readonly port: number;
  readonly token: string;
}

/** Starts `libero serve` as a child process and reads its port and token from the panel URL. */
export function startService(timeline: string, configDir: string): Promise<Service> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', timeline, '--port', '0', '--debounce-ms', '50'],
    {
      cwd: ROOT,
      env: { ...process.env, LIBERO_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c) => (err += String(c)));
    child.stdout!.on('data', (c) => {
      out += String(c);
      const m = /panel at http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(out);
      if (m !== null) resolve({ child, port: Number(m[1]), token: m[2]!, log: () => err });
    });
    child.once('exit', (code) => reject(new Error(`libero serve exited with ${code}: ${err}`)));
  });
}

/** One shot as the running service reports it (`GET /api/shots/:id`); null before it is loaded. */
export async function shotState(service: Service, shotId: string): Promise<Shot | null> {
  const res = await fetch(`http://127.0.0.1:${service.port}/api/shots/${shotId}`, {
    headers: { Authorization: `Bearer ${service.token}` },
  });
  return res.status === 200 ? ShotSchema.parse(await res.json()) : null;
}

/** Polls `check` until it holds. */
export async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
