import { describe, expect, it } from 'vitest';
import { LiberoError, ValidationError } from '../shared/index.js';
import { httpStatusFor, toApiError } from './error-response.js';
import { makeRedactor, secretsFromEnv } from './redact-secrets.js';

describe('httpStatusFor', () => {
  it.each([
    ['API_UNAUTHORIZED', 401],
    ['API_ORIGIN_REFUSED', 403],
    ['API_PATH_REFUSED', 403],
    ['API_NOT_FOUND', 404],
    ['API_CONFLICT', 409],
    ['API_INVALID_REQUEST', 400],
    ['TIMELINE_INVALID_JSON', 422],
    ['CONFIG_INVALID', 422],
    ['ELEVENLABS_QUOTA', 502],
    ['INTERNAL', 500],
  ] as const)('%s -> %i', (code, status) => {
    expect(httpStatusFor(code)).toBe(status);
  });
});

describe('toApiError', () => {
  const redact = makeRedactor(
    secretsFromEnv({ ELEVENLABS_API_KEY: 'sk_live_0123456789', HOME: '/home/x' }),
  );

  it('keeps code, message, hint and details, without secrets', () => {
    const error = new ValidationError(
      'CONFIG_INVALID',
      'bad key sk_live_0123456789 in libero.json',
      {
        details: { file: 'libero.json', header: 'xi-api-key: sk_live_0123456789' },
      },
    );
    const body = toApiError(error, redact);
    expect(body.code).toBe('CONFIG_INVALID');
    expect(body.message).toBe('bad key [redacted] in libero.json');
    expect(body.hint).toMatch(/libero\.json/);
    expect(body.details).toEqual({ file: 'libero.json', header: 'xi-api-key: [redacted]' });
  });

  it('hides the text of unexpected errors', () => {
    expect(toApiError(new TypeError('x is undefined at /secret/path'), redact)).toEqual({
      code: 'INTERNAL',
      message: 'internal error in libero serve (see the service log)',
      hint: null,
      details: {},
    });
    expect(toApiError(new LiberoError('ABORTED', 'stopped'), redact).code).toBe('ABORTED');
  });
});
