/**
 * Errors to HTTP statuses and error JSON, in exactly one place (STYLE rule 11). Routes throw
 * LiberoErrors; the express error handler and the socket both call {@link toApiError}.
 */
import { fixHint, isLiberoError } from '../shared/index.js';
import type { ErrorCode } from '../shared/index.js';
import type { ApiError } from './api-contract.js';

/** The HTTP status for an error code. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'API_UNAUTHORIZED':
      return 401;
    case 'API_ORIGIN_REFUSED':
    case 'API_PATH_REFUSED':
      return 403;
    case 'API_NOT_FOUND':
    case 'FILE_NOT_FOUND':
      return 404;
    case 'API_CONFLICT':
      return 409;
    case 'API_INVALID_REQUEST':
    case 'USAGE':
      return 400;
    case 'ABORTED':
      return 499;
    default:
      break;
  }
  if (code.startsWith('TIMELINE_') || code.startsWith('CONFIG_')) return 422;
  if (code.startsWith('COMFY') || code.startsWith('ELEVENLABS')) return 502;
  return 500;
}

/**
 * The error JSON for anything thrown. Unknown errors become `INTERNAL` with a generic message
 * (their text may hold anything); `redact` removes secrets from what is sent.
 */
export function toApiError(error: unknown, redact: (text: string) => string): ApiError {
  if (isLiberoError(error)) {
    return {
      code: error.code,
      message: redact(error.message),
      hint: fixHint(error.code),
      details: JSON.parse(redact(JSON.stringify(error.details ?? {}))) as Record<string, unknown>,
    };
  }
  return {
    code: 'INTERNAL',
    message: 'internal error in libero serve (see the service log)',
    hint: null,
    details: {},
  };
}
