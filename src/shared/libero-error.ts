/**
 * The one error base of libero. Every failure the user can meet carries a stable `code`
 * from the closed list in `error-codes.ts` (documented in docs/errors.md), the ids and
 * paths involved in `details`, and the original error as `cause`.
 */
import type { ErrorCode } from './error-codes.js';

/** Extra facts about a failure: file, JSON path, clip, host, ... (never secrets). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options for {@link LiberoError}. */
export interface LiberoErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
}

/** Base class of every error libero throws on purpose. */
export class LiberoError extends Error {
  override readonly name: string = 'LiberoError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: LiberoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** A value from outside (a file, a request, a vendor's answer) did not have the expected shape. */
export class ValidationError extends LiberoError {
  override readonly name: string = 'ValidationError';
  /** zod issues or our own `{path, message}` list. */
  readonly issues: readonly unknown[];

  constructor(
    code: ErrorCode,
    message: string,
    options: LiberoErrorOptions & { issues?: readonly unknown[] } = {},
  ) {
    super(code, message, options);
    this.issues = options.issues ?? [];
  }
}

/** True for any LiberoError, also across module copies (checks the shape, not only `instanceof`). */
export function isLiberoError(value: unknown): value is LiberoError {
  if (value instanceof LiberoError) return true;
  return (
    value instanceof Error &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value.name === 'LiberoError' || value.name === 'ValidationError')
  );
}

/** True when `value` is a LiberoError with the given code. */
export function hasCode(value: unknown, code: ErrorCode): value is LiberoError {
  return isLiberoError(value) && value.code === code;
}
