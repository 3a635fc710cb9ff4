/**
 * Starts a real `redis-server` and a real PostgreSQL for the studio tests: each in its own temp
 * folder, on a free port of 127.0.0.1, stopped (and the folder removed) by `stop()`.
 * Both come from Debian packages (`scripts/setup.sh` installs them). PostgreSQL refuses to run
 * as root, so as root its binaries are spawned as the `postgres` user (uid/gid from /etc/passwd).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Running servers and their URLs. */
export interface StudioServers {
  /** `redis://127.0.0.1:PORT` */
  readonly redisUrl: string;
  /** `postgres://libero@127.0.0.1:PORT/libero` */
  readonly databaseUrl: string;
  /** Stops both and removes their folders. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The folder of Debian's PostgreSQL binaries (the newest version), or of `initdb` on PATH. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status !== 0 || found === '')
    throw new Error('PostgreSQL is not installed (run `npm run setup`: it installs postgresql)');
  return join(found, '..');
}

/** Who PostgreSQL runs as: ourselves, or `postgres` when we are root. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (line === undefined)
    throw new Error('running as root but there is no postgres user (install postgresql)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function waitFor(what: string, probe: () => Promise<boolean>, child: ChildProcess) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start within 20 s`);
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function startRedis(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.once('error', (e) => (log += String(e)));
  await waitFor(
    'redis-server',
    async () => log.includes('Ready to accept connections'),
    child,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${log}`);
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

async function startPostgres(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = postgresBinDir();
  const user = postgresUser();
  const data = join(dir, 'data');
  if (user !== null) {
    await chown(dir, user.uid, user.gid);
    await chmod(dir, 0o700);
  }
  const as = user === null ? {} : { uid: user.uid, gid: user.gid };
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'libero', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
    { ...as, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
  const port = await freePort();
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    { ...as, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const adminUrl = `postgres://libero@127.0.0.1:${port}/postgres`;
  await waitFor(
    'postgres',
    async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    child,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${log}`);
  });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE libero');
  await admin.end();
  return { url: `postgres://libero@127.0.0.1:${port}/libero`, child };
}

/** Starts Redis and PostgreSQL; call `stop()` in afterAll. */
export async function startStudioServers(): Promise<StudioServers> {
  const redisDir = await mkdtemp(join(tmpdir(), 'libero-redis-'));
  const pgDir = await mkdtemp(join(tmpdir(), 'libero-pg-'));
  const redis = await startRedis(redisDir);
  let postgres: { url: string; child: ChildProcess };
  try {
    postgres = await startPostgres(pgDir);
  } catch (error) {
    await stopChild(redis.child, 'SIGTERM');
    throw error;
  }
  return {
    redisUrl: redis.url,
    databaseUrl: postgres.url,
    stop: async () => {
      // SIGINT: PostgreSQL's fast shutdown (SIGTERM waits for clients to leave).
      await Promise.all([stopChild(redis.child, 'SIGTERM'), stopChild(postgres.child, 'SIGINT')]);
      await rm(redisDir, { recursive: true, force: true });
      await rm(pgDir, { recursive: true, force: true });
    },
  };
}
