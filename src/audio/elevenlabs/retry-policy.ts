/**
 * libero's own retry policy for ElevenLabs (the SDK's built-in retries are switched off, so
 * this is the only one). 429 and 5xx/408/timeouts/network errors are retried with exponential
 * backoff, honouring Retry-After; 401, 422, quota and other 4xx fail the cue at once. Pure: the
 * random source is passed in.
 */
import type { VendorFailure } from './vendor-failure.js';

/** How hard to retry. */
export interface RetryPolicy {
  /** Retries after the first attempt (so attempts = maxRetries + 1). */
  readonly maxRetries: number;
  /** First backoff delay; doubles on every retry. */
  readonly baseDelayMs: number;
  /** Backoff cap (Retry-After is honoured up to maxRetryAfterMs instead). */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the cue fails, saying how long. */
  readonly maxRetryAfterMs: number;
}

/** 5 attempts, 1 s, 2 s, 4 s, 8 s (±10 %), Retry-After honoured up to 2 minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Options for {@link retryDelayMs}. */
export interface RetryDelayOptions {
  readonly policy: RetryPolicy;
  /** 0 for the first retry. */
  readonly retry: number;
  readonly failure: VendorFailure;
  /** A number in [0, 1): jitter source. */
  readonly random: number;
}

/** True for failures worth another attempt. */
export function isRetryable(failure: VendorFailure): boolean {
  return failure.kind === 'rate_limited' || failure.kind === 'unavailable';
}

/** How long to wait before retry number `retry`, or null when the call must fail now. */
export function retryDelayMs(options: RetryDelayOptions): number | null {
  const { policy, retry, failure, random } = options;
  if (!isRetryable(failure) || retry >= policy.maxRetries) return null;
  if (failure.retryAfterMs !== null) {
    return failure.retryAfterMs > policy.maxRetryAfterMs ? null : failure.retryAfterMs;
  }
  const backoff = Math.min(policy.baseDelayMs * 2 ** retry, policy.maxDelayMs);
  return Math.round(backoff * (0.9 + 0.2 * random));
}
