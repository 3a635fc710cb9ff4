import { describe, expect, it } from 'vitest';
import { allowedHostsFor, checkOrigin, checkToken, presentedToken } from './request-guard.js';

const guard = {
  token: 'secret-token-123',
  port: 7370,
  allowedHosts: allowedHostsFor({ host: '127.0.0.1', port: 7370 }),
};

describe('checkOrigin', () => {
  it.each([
    // the service's own names
    [{ host: '127.0.0.1:7370' }, null],
    [{ host: 'localhost:7370' }, null],
    [{ host: '[::1]:7370' }, null],
    [{ host: 'LOCALHOST:7370', origin: 'http://localhost:7370' }, null],
    // DNS rebinding: a foreign name resolving to 127.0.0.1
    [{ host: 'evil.example:7370' }, 'API_ORIGIN_REFUSED'],
    // another port on the same machine
    [{ host: '127.0.0.1:8080' }, 'API_ORIGIN_REFUSED'],
    [{}, 'API_ORIGIN_REFUSED'],
    // another page in the same browser
    [{ host: '127.0.0.1:7370', origin: 'http://evil.example' }, 'API_ORIGIN_REFUSED'],
    [{ host: '127.0.0.1:7370', origin: 'null' }, 'API_ORIGIN_REFUSED'],
    [{ host: '127.0.0.1:7370', origin: 'https://127.0.0.1:7370' }, 'API_ORIGIN_REFUSED'],
    // origin must name the same host the request names
    [{ host: '127.0.0.1:7370', origin: 'http://localhost:7370' }, 'API_ORIGIN_REFUSED'],
    [{ host: '127.0.0.1:7370', 'sec-fetch-site': 'cross-site' }, 'API_ORIGIN_REFUSED'],
  ])('%j -> %s', (headers, code) => {
    expect(checkOrigin(headers, guard)?.code ?? null).toBe(code);
  });

  it('answers to an explicitly bound host as well', () => {
    const lan = { ...guard, allowedHosts: allowedHostsFor({ host: '192.168.1.20', port: 7370 }) };
    expect(checkOrigin({ host: '192.168.1.20:7370' }, lan)).toBeNull();
    expect(checkOrigin({ host: '10.0.0.1:7370' }, lan)?.code).toBe('API_ORIGIN_REFUSED');
  });
});

describe('checkToken', () => {
  it.each([
    [{ authorization: 'Bearer secret-token-123' }, null],
    [{ cookie: 'a=b; libero_token_7370=secret-token-123' }, null],
    [{ authorization: 'Bearer wrong' }, 'API_UNAUTHORIZED'],
    [{ authorization: 'Basic c2VjcmV0' }, 'API_UNAUTHORIZED'],
    // a cookie for another port's service does not count
    [{ cookie: 'libero_token_7371=secret-token-123' }, 'API_UNAUTHORIZED'],
    [{}, 'API_UNAUTHORIZED'],
  ])('%j -> %s', (headers, code) => {
    expect(checkToken(headers, guard)?.code ?? null).toBe(code);
  });

  it('never puts the presented token in the message', () => {
    const error = checkToken({ authorization: 'Bearer almost-secret-token' }, guard);
    expect(error?.message).not.toContain('almost-secret-token');
    expect(JSON.stringify(error?.details)).not.toContain('almost-secret-token');
  });

  it('reads the bearer token before the cookie', () => {
    expect(
      presentedToken({ authorization: 'Bearer x1', cookie: 'libero_token_7370=y' }, 7370),
    ).toBe('x1');
  });
});
