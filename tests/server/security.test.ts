import { request } from 'node:http';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCookieName } from '../../src/server/api-contract.js';
import { startHarness } from './serve-harness.js';
import type { Harness } from './serve-harness.js';
import { connectEvents } from './socket-client.js';

/** A raw request: no URL normalisation, any Host, any header. */
function raw(options: {
  port: number;
  path: string;
  headers: Record<string, string>;
  method?: string;
}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          path: options.path,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += String(c)));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

describe('libero serve refuses what it must', () => {
  let h: Harness;
  const secretKey = 'sk_test_elevenlabs_0123456789abcdef';

  beforeAll(async () => {
    h = await startHarness({
      shots: [{ name: 'sh010', prompt: 'a bridge over a river' }],
      env: { ELEVENLABS_API_KEY: secretKey },
      // A secret that also shows up in a path: every message naming the file must hide it.
      dirPrefix: `libero-${secretKey}-`,
    });
    const socket = await h.events();
    await socket.waitFor((e) => e.type === 'shot.done');
    await h.server.service.idle();
  });
  afterAll(async () => {
    await h?.close();
    if (h !== undefined) await rm(h.dir, { recursive: true, force: true });
  });

  const own = () => ({ host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.token}` });

  it.each([
    ['no token', (o: Record<string, string>) => ({ host: o['host']! }), 401, 'API_UNAUTHORIZED'],
    [
      'a wrong token',
      (o: Record<string, string>) => ({ ...o, authorization: 'Bearer not-the-token' }),
      401,
      'API_UNAUTHORIZED',
    ],
    [
      'a rebinding Host',
      (o: Record<string, string>) => ({
        ...o,
        host: `attacker.example:${o['host']!.split(':')[1]}`,
      }),
      403,
      'API_ORIGIN_REFUSED',
    ],
    [
      'another page as Origin',
      (o: Record<string, string>) => ({ ...o, origin: 'http://attacker.example' }),
      403,
      'API_ORIGIN_REFUSED',
    ],
    [
      'a cross-site fetch',
      (o: Record<string, string>) => ({ ...o, 'sec-fetch-site': 'cross-site' }),
      403,
      'API_ORIGIN_REFUSED',
    ],
  ])('refuses a request with %s', async (_name, headers, status, code) => {
    for (const path of ['/api/project', '/api/health', '/', '/panel/panel.js']) {
      const res = await raw({ port: h.server.port, path, headers: headers(own()) });
      expect([path, res.status]).toEqual([path, status]);
      expect(JSON.parse(res.body).error.code).toBe(code);
      expect(res.body).not.toContain(h.token);
    }
  });

  it('accepts its own Origin and the token', async () => {
    const res = await raw({
      port: h.server.port,
      path: '/api/health',
      headers: { ...own(), origin: `http://127.0.0.1:${h.server.port}` },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, apiVersion: 1, timelineLoaded: true });
  });

  it('trades the token in the panel URL for an HttpOnly cookie and drops it from the address', async () => {
    const wrong = await raw({
      port: h.server.port,
      path: '/?token=nope',
      headers: { host: own().host },
    });
    expect(wrong.status).toBe(401);
    const login = await raw({
      port: h.server.port,
      path: `/?token=${h.token}`,
      headers: { host: own().host },
    });
    expect(login.status).toBe(303);
    expect(login.headers['location']).toBe('/');
    const cookie = String((login.headers['set-cookie'] as string[])[0]);
    expect(cookie).toMatch(new RegExp(`^${tokenCookieName(h.server.port)}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await raw({
      port: h.server.port,
      path: '/',
      headers: { host: own().host, cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>libero</title>');
  });

  it('refuses sockets without the token or from another origin', async () => {
    await expect(connectEvents({ port: h.server.port, token: null })).rejects.toThrow(/401/);
    await expect(connectEvents({ port: h.server.port, token: 'wrong' })).rejects.toThrow(/401/);
    await expect(
      connectEvents({
        port: h.server.port,
        token: h.token,
        headers: { Origin: 'http://attacker.example' },
      }),
    ).rejects.toThrow(/403/);
    const ok = await connectEvents({ port: h.server.port, token: h.token });
    ok.close();
  });

  it('serves only files inside the output and cache folders', async () => {
    const outside = join(h.dir, '..', `libero-secret-${process.pid}.txt`);
    await writeFile(outside, 'secret');
    await mkdir(join(h.dir, 'out'), { recursive: true });
    await symlink(outside, join(h.dir, 'out', 'escape.txt'));
    await writeFile(join(h.dir, 'out', 'fine.txt'), 'fine');
    const cases: [string, number, string | null][] = [
      ['/api/files/out/fine.txt', 200, null],
      ['/api/files/../../../etc/passwd', 403, 'API_PATH_REFUSED'],
      ['/api/files/out/..%2F..%2F..%2Fetc%2Fpasswd', 403, 'API_PATH_REFUSED'],
      ['/api/files/%2Fetc%2Fpasswd', 403, 'API_PATH_REFUSED'],
      // inside the project, but not an output: the editor's own timeline and the token-free config
      ['/api/files/cut.otio', 403, 'API_PATH_REFUSED'],
      ['/api/files/libero.json', 403, 'API_PATH_REFUSED'],
      ['/api/files/.libero/state.db', 403, 'API_PATH_REFUSED'],
      // a symlink inside the output that points out of it
      ['/api/files/out/escape.txt', 403, 'API_PATH_REFUSED'],
      ['/api/files/out/none.png', 404, 'API_NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      const res = await raw({ port: h.server.port, path, headers: own() });
      expect([path, res.status]).toEqual([path, status]);
      if (code !== null) expect(JSON.parse(res.body).error.code).toBe(code);
      else expect(res.body).toBe('fine');
      expect(res.body).not.toContain('secret');
    }
    await rm(outside, { force: true });
  });

  it('keeps secrets out of events, answers and logs', async () => {
    const socket = await h.events();
    await writeFile(h.timeline, '{"OTIO_SCHEMA": "Timeline.1",, }');
    const error = await socket.waitFor((e) => e.type === 'timeline.error');
    const text = JSON.stringify(error);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(secretKey);
    const project = await raw({ port: h.server.port, path: '/api/project', headers: own() });
    expect(JSON.parse(project.body).lastError.message).toMatch(/not valid JSON/);
    expect(project.body).not.toContain(secretKey);
    const logs = h.logs.join('\n');
    expect(logs).toContain('[redacted]');
    expect(logs).not.toContain(secretKey);
    expect(logs).not.toContain(h.token);
  });
});
