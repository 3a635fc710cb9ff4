/**
 * A failed ElevenLabs call reduced to what the retry policy and the user need. Errors are
 * classified by HTTP status *and* the body's `detail.code` / `detail.status`, because the
 * vendor sends `quota_exceeded` as a 401 (../shared/ref/elevenlabs.md A.10). Both body
 * generations are accepted: `{detail:[{loc,msg,type}]}` (422) and `{detail:{status|code,message}}`.
 * Pure: the clock is passed in.
 */
import { z } from 'zod';

/** What kind of failure: decides retry or fail-at-once and the error code. */
export type VendorFailureKind = 'auth' | 'quota' | 'rejected' | 'rate_limited' | 'unavailable';

/** One failed attempt. */
export interface VendorFailure {
  readonly kind: VendorFailureKind;
  /** HTTP status, or null for a timeout or a network error. */
  readonly status: number | null;
  /** The vendor's `detail.code` (current) or `detail.status` (legacy), if any. */
  readonly vendorCode: string | null;
  /** The vendor's own message (or the transport's), never containing the key. */
  readonly message: string;
  /** How long the vendor asked us to wait (Retry-After), in ms, or null. */
  readonly retryAfterMs: number | null;
  /** The vendor's request id for support tickets, or null. */
  readonly requestId: string | null;
}

const detailObject = z.looseObject({
  code: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
  type: z.string().optional(),
});
const detailArray = z.array(
  z.looseObject({
    loc: z.array(z.union([z.string(), z.number()])).optional(),
    msg: z.string().optional(),
  }),
);
const errorBody = z.looseObject({
  detail: z.union([detailObject, detailArray, z.string()]),
});

/** Options for {@link parseVendorFailure}. */
export interface ParseVendorFailureOptions {
  readonly status: number | null;
  /** The parsed JSON body (or raw text) of the error response, if any. */
  readonly body: unknown;
  /** Response header lookup (`Retry-After`, `request-id`); null when there was no response. */
  readonly header: ((name: string) => string | null) | null;
  /** Transport message when there was no HTTP answer ("timeout", "ECONNREFUSED ..."). */
  readonly transportMessage: string | null;
  /** Now, in ms since the epoch (for an HTTP-date Retry-After). */
  readonly now: number;
}

/** Reads a Retry-After value: delta seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value.trim()) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function describeBody(body: unknown): { code: string | null; message: string | null } {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) {
    if (typeof body === 'string' && body.trim() !== '') return { code: null, message: body.trim() };
    return { code: null, message: null };
  }
  const { detail } = parsed.data;
  if (typeof detail === 'string') return { code: null, message: detail };
  if (Array.isArray(detail)) {
    const message = detail
      .map((d) => `${(d.loc ?? []).join('.')}: ${d.msg ?? 'invalid'}`.replace(/^: /, ''))
      .join('; ');
    return { code: null, message: message || null };
  }
  return {
    code: detail.code ?? detail.status ?? null,
    message: detail.message ?? detail.type ?? null,
  };
}

function kindOf(status: number | null, code: string | null): VendorFailureKind {
  if (code === 'quota_exceeded' || status === 402) return 'quota';
  if (status === null || status === 408 || status >= 500) return 'unavailable';
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'auth';
  return 'rejected';
}

/** Classifies one failed attempt. */
export function parseVendorFailure(options: ParseVendorFailureOptions): VendorFailure {
  const { status, header, now } = options;
  const { code, message } = describeBody(options.body);
  return {
    kind: kindOf(status, code),
    status,
    vendorCode: code,
    message:
      message ??
      options.transportMessage ??
      (status === null ? 'no answer' : `HTTP ${status} without a message`),
    retryAfterMs: parseRetryAfter(header?.('retry-after') ?? null, now),
    requestId: header?.('request-id') ?? header?.('x-request-id') ?? null,
  };
}
