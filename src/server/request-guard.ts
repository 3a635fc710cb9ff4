/**
 * The checks every HTTP request and socket upgrade passes before any route runs:
 * `Host` and `Origin` must be the service's own (DNS rebinding, other pages in the same
 * browser), and the token must be presented (Authorization header or the panel's cookie).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';
import { LiberoError } from '../shared/index.js';
import { tokenCookieName } from './api-contract.js';
import { tokenMatches } from './auth-token.js';

/** What the guard needs to know. */
export interface GuardOptions {
  readonly token: string;
  /** `host:port` values a request may name in `Host` (lower case). */
  readonly allowedHosts: ReadonlySet<string>;
  readonly port: number;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

function hostPort(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h.toLowerCase()}:${port}`;
}

/**
 * The `Host` values the service answers to: loopback names always; the bound host when the
 * user asked for one; every address of this machine when bound to all interfaces.
 */
export function allowedHostsFor(options: { host: string; port: number }): Set<string> {
  const names = new Set(LOOPBACK);
  if (WILDCARD.has(options.host)) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const info of list ?? []) names.add(info.address);
  } else {
    names.add(options.host);
  }
  return new Set([...names].map((n) => hostPort(n, options.port)));
}

/** The token a request presents: `Authorization: Bearer`, else the panel cookie. */
export function presentedToken(headers: IncomingHttpHeaders, port: number): string | null {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    return match?.[1] ?? null;
  }
  const cookie = headers.cookie;
  if (cookie === undefined) return null;
  const name = tokenCookieName(port);
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Refuses a foreign `Host` or `Origin`; returns null when both are the service's own. */
export function checkOrigin(
  headers: IncomingHttpHeaders,
  options: GuardOptions,
): LiberoError | null {
  const host = (headers.host ?? '').toLowerCase();
  if (!options.allowedHosts.has(host))
    return new LiberoError(
      'API_ORIGIN_REFUSED',
      `refused a request for host "${host || '(none)'}": libero serve answers only to its own address`,
      { details: { host } },
    );
  const origin = headers.origin;
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      const url = new URL(origin);
      if (url.protocol === 'http:') originHost = url.host.toLowerCase();
    } catch {
      originHost = null;
    }
    if (originHost === null || !options.allowedHosts.has(originHost) || originHost !== host)
      return new LiberoError(
        'API_ORIGIN_REFUSED',
        `refused a request from origin "${origin}": only the panel served by libero serve may call it`,
        { details: { origin } },
      );
  }
  if (headers['sec-fetch-site'] === 'cross-site')
    return new LiberoError('API_ORIGIN_REFUSED', 'refused a cross-site request', {
      details: { secFetchSite: 'cross-site' },
    });
  return null;
}

/** Refuses a request without the right token. */
export function checkToken(
  headers: IncomingHttpHeaders,
  options: GuardOptions,
): LiberoError | null {
  const presented = presentedToken(headers, options.port);
  if (tokenMatches(presented, options.token)) return null;
  return new LiberoError(
    'API_UNAUTHORIZED',
    presented === null
      ? 'this request needs the libero serve token (Authorization: Bearer <token>, or open the panel URL that libero serve printed)'
      : 'the token presented is not the one of this libero serve',
    { details: { presented: presented !== null } },
  );
}
