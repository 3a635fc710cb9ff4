import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy.js';
import { parseRetryAfter, parseVendorFailure } from './vendor-failure.js';
import type { VendorFailure } from './vendor-failure.js';

const NOW = Date.parse('2026-11-26T00:00:00Z');
const failure = (
  status: number | null,
  body: unknown,
  headers: Record<string, string> = {},
): VendorFailure =>
  parseVendorFailure({
    status,
    body,
    header: (name) => headers[name] ?? null,
    transportMessage: status === null ? 'timed out' : null,
    now: NOW,
  });

describe('parseVendorFailure', () => {
  it.each([
    // real quota body (home-assistant/core#160414): a 401 that is not an auth problem
    [
      401,
      {
        detail: { status: 'quota_exceeded', message: 'This request exceeds your quota of 10000.' },
      },
      'quota',
      'quota_exceeded',
      'This request exceeds your quota of 10000.',
    ],
    [
      401,
      { detail: { status: 'invalid_api_key', message: 'Invalid API key' } },
      'auth',
      'invalid_api_key',
      'Invalid API key',
    ],
    // current error shape uses `code`
    [
      429,
      {
        detail: {
          type: 'rate_limit_error',
          code: 'concurrent_limit_exceeded',
          message: 'wait',
          status: 'x',
        },
      },
      'rate_limited',
      'concurrent_limit_exceeded',
      'wait',
    ],
    // FastAPI 422 list
    [
      422,
      { detail: [{ loc: ['body', 'text'], msg: 'Field required', type: 'missing' }] },
      'rejected',
      null,
      'body.text: Field required',
    ],
    [
      403,
      { detail: { status: 'only_for_creator+', message: 'upgrade' } },
      'rejected',
      'only_for_creator+',
      'upgrade',
    ],
    [
      404,
      { detail: { status: 'voice_not_found', message: 'A voice with voice_id x does not exist.' } },
      'rejected',
      'voice_not_found',
      'A voice with voice_id x does not exist.',
    ],
    [503, 'Service Unavailable', 'unavailable', null, 'Service Unavailable'],
    [408, null, 'unavailable', null, 'HTTP 408 without a message'],
    [null, null, 'unavailable', null, 'timed out'],
  ])('status %s -> %s', (status, body, kind, code, message) => {
    expect(failure(status, body)).toMatchObject({ kind, vendorCode: code, message });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('Thu, 26 Nov 2026 00:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
    expect(failure(429, null, { 'retry-after': '3', 'request-id': 'abc' })).toMatchObject({
      retryAfterMs: 3000,
      requestId: 'abc',
    });
  });
});

describe('retryDelayMs', () => {
  const busy = failure(503, null);
  it.each([
    // exponential from 1 s, jitter ±10 % around it
    [0, 0.5, 1000],
    [1, 0.5, 2000],
    [2, 0, 3600],
    [3, 0.9999, 8800],
    // past maxRetries: give up
    [4, 0.5, null],
  ])('retry %s (random %s) waits %s ms', (retry, random, expected) => {
    expect(retryDelayMs({ policy: DEFAULT_RETRY_POLICY, retry, failure: busy, random })).toBe(
      expected,
    );
  });

  it('caps the backoff', () => {
    expect(
      retryDelayMs({
        policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 20 },
        retry: 10,
        failure: busy,
        random: 0.5,
      }),
    ).toBe(30_000);
  });

  it('honours Retry-After exactly, and refuses to wait past the cap', () => {
    expect(
      retryDelayMs({
        policy: DEFAULT_RETRY_POLICY,
        retry: 0,
        failure: failure(429, null, { 'retry-after': '42' }),
        random: 0.9,
      }),
    ).toBe(42_000);
    expect(
      retryDelayMs({
        policy: DEFAULT_RETRY_POLICY,
        retry: 0,
        failure: failure(429, null, { 'retry-after': '121' }),
        random: 0.5,
      }),
    ).toBeNull();
  });

  it.each(['auth', 'quota', 'rejected'] as const)('never retries %s', (kind) => {
    expect(
      retryDelayMs({
        policy: DEFAULT_RETRY_POLICY,
        retry: 0,
        failure: { ...busy, kind },
        random: 0.5,
      }),
    ).toBeNull();
  });
});
