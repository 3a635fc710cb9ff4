// The plugin's one client of `libero serve`: HTTP with the token (the main process holds it;
// the page never sees it except through the cookie the service sets). Node's http/https, not the
// global fetch: Resolve before 20.1 ships an Electron whose main process has no fetch (< 23).
'use strict';

const http = require('node:http');
const https = require('node:https');

/** How long the service may take to answer one request. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * One JSON request. Resolves with the parsed body; rejects with `error.api` set to the service's
 * error JSON (or NETWORK / HTTP_<status> when there is none).
 */
function requestJson({ url, method, token, body, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const transport = target.protocol === 'https:' ? https : http;
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const fail = (code, message) =>
      reject(
        Object.assign(new Error(message), { api: { code, message, hint: null, details: { url } } }),
      );
    const req = transport.request(
      target,
      {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload === null
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': payload.length }),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (e) =>
          fail('NETWORK', `reading the answer of ${url} failed: ${e.message}`),
        );
        res.on('end', () => {
          let data = null;
          try {
            data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            data = null;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(data);
          const error = data?.error ?? {
            code: `HTTP_${status}`,
            message: `${method} ${url} answered ${status} ${res.statusMessage ?? ''}`.trim(),
            hint: null,
            details: {},
          };
          reject(Object.assign(new Error(error.message), { api: error }));
        });
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      fail(
        'NETWORK',
        `libero serve at ${target.origin} did not answer ${method} ${target.pathname} within ${timeoutMs / 1000} s`,
      );
    });
    req.on('error', (e) =>
      fail('NETWORK', `no libero serve at ${target.origin} (${e.code ?? e.message})`),
    );
    if (payload !== null) req.write(payload);
    req.end();
  });
}

/** @param {{url: string, token: string}} connection */
function serviceClient(connection) {
  const base = connection.url.replace(/\/+$/, '');
  const call = (method, path, body) =>
    requestJson({
      url: base + path,
      method,
      token: connection.token,
      body,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  return {
    health: () => call('GET', '/api/health'),
    project: () => call('GET', '/api/project'),
    paths: () => call('GET', '/api/paths'),
    regenerate: (shotId, overrides) =>
      call('POST', `/api/shots/${encodeURIComponent(shotId)}/regenerate`, overrides ?? {}),
    /** The service's origin (what the panel window may show). */
    origin: () => new URL(base).origin,
    /** The panel URL that logs the page in (sets the cookie, then drops the token from the URL). */
    panelUrl: () => `${base}/?token=${encodeURIComponent(connection.token)}`,
  };
}

module.exports = { serviceClient };
