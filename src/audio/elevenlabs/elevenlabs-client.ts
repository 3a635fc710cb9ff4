/**
 * The one doorway to ElevenLabs (STYLE rule 2), through the official SDK
 * `@elevenlabs/elevenlabs-js`. The SDK's own retries are switched off (`maxRetries: 0`) so
 * that {@link RetryPolicy} is the only policy: 429/5xx/timeouts are retried with backoff
 * honouring Retry-After, everything else fails at once with the vendor's message. The API key
 * goes only into the SDK; it is never part of a message, a detail or a log line.
 */
import {
  ElevenLabsClient as SdkClient,
  ElevenLabsError,
  ElevenLabsTimeoutError,
} from '@elevenlabs/elevenlabs-js';
import { LiberoError } from '../../shared/index.js';
import type { ErrorCode } from '../../shared/index.js';
import { parseVendorFailure } from './vendor-failure.js';
import type { VendorFailure, VendorFailureKind } from './vendor-failure.js';
import { retryDelayMs } from './retry-policy.js';
import type { RetryPolicy } from './retry-policy.js';
import {
  sdkMusicRequest,
  sdkSpeechRequest,
  sdkVoiceSettings,
  wireVoiceSettingsJson,
} from './elevenlabs-requests.js';
import type { ConvertRequest, MusicRequest, SpeechRequest } from './elevenlabs-requests.js';
import { parseTimestampsResponse } from './timestamps-response.js';
import type { Alignment } from './timestamps-response.js';

/** The production endpoint, used when no base URL is given. */
export const ELEVENLABS_DEFAULT_BASE_URL = 'https://api.elevenlabs.io';

/** One attempt that failed and what the policy decided. */
export interface ElevenLabsRetryEvent {
  readonly endpoint: string;
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly failure: VendorFailure;
  /** The wait before the next attempt, or null when the call fails now. */
  readonly delayMs: number | null;
}

/** Options for {@link createElevenLabsClient}. */
export interface ElevenLabsClientOptions {
  readonly apiKey: string;
  /** Regional endpoint or a test server; null = production. */
  readonly baseUrl: string | null;
  readonly retry: RetryPolicy;
  /** Per-attempt timeout. */
  readonly timeoutSeconds: number;
  /** Waits between attempts; rejects when the signal aborts. Tests capture it. */
  readonly sleep: (ms: number, signal: AbortSignal | null) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  readonly onRetry: ((event: ElevenLabsRetryEvent) => void) | null;
}

/** Audio plus the bookkeeping headers of one successful call. */
export interface VendorAudio {
  readonly audio: Buffer;
  /** `request-id` header (stitching, support). */
  readonly requestId: string | null;
  /** `character-cost` header when the vendor sends it. */
  readonly characterCost: number | null;
  /** Attempts it took (1 = no retry). */
  readonly attempts: number;
}

/** A text-to-speech result: audio and its character timings. */
export interface SpeechResult extends VendorAudio {
  readonly alignment: Alignment | null;
}

/** What libero uses of ElevenLabs. */
export interface ElevenLabsApi {
  /** The host calls go to (for messages and provenance; never the key). */
  readonly host: string;
  /** `POST /v1/text-to-speech/{voice_id}/with-timestamps`. */
  textToSpeech(request: SpeechRequest, signal: AbortSignal | null): Promise<SpeechResult>;
  /** `POST /v1/speech-to-speech/{voice_id}` (multipart). */
  speechToSpeech(request: ConvertRequest, signal: AbortSignal | null): Promise<VendorAudio>;
  /** `POST /v1/music`. */
  composeMusic(request: MusicRequest, signal: AbortSignal | null): Promise<VendorAudio>;
}

const CODE_OF: Record<VendorFailureKind, ErrorCode> = {
  auth: 'ELEVENLABS_AUTH',
  quota: 'ELEVENLABS_QUOTA',
  rejected: 'ELEVENLABS_REJECTED',
  rate_limited: 'ELEVENLABS_RATE_LIMITED',
  unavailable: 'ELEVENLABS_UNAVAILABLE',
};

interface RawHeaders {
  get(name: string): string | null;
}

function headerNumber(headers: RawHeaders, name: string): number | null {
  const value = headers.get(name);
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

async function streamBytes(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** Replaces every occurrence of the key (defence in depth: vendors sometimes echo input). */
function redact(text: string, apiKey: string): string {
  return apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

function transportText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error && cause.name === 'TimeoutError') return 'timed out';
  const first = error.message.split('\n')[0] ?? '';
  if (/timeout|timed out/i.test(first)) return 'timed out';
  const code = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${first} (${code})` : first || 'no answer';
}

function failureOf(error: unknown, now: number): VendorFailure | null {
  if (error instanceof ElevenLabsTimeoutError) {
    return parseVendorFailure({
      status: null,
      body: null,
      header: null,
      transportMessage: 'timed out',
      now,
    });
  }
  if (error instanceof ElevenLabsError) {
    const headers = error.rawResponse?.headers;
    const status = error.statusCode ?? null;
    return parseVendorFailure({
      status: status === 499 ? null : status,
      body: error.body,
      header: headers === undefined ? null : (name) => headers.get(name),
      transportMessage: error.statusCode === undefined ? transportText(error) : null,
      now,
    });
  }
  return null;
}

function throwIfAborted(signal: AbortSignal | null, endpoint: string): void {
  if (signal?.aborted === true) {
    throw new LiberoError('ABORTED', `ElevenLabs ${endpoint} was cancelled.`, {
      cause: signal.reason,
    });
  }
}

/** Builds the client. Creating it sends nothing. */
export function createElevenLabsClient(options: ElevenLabsClientOptions): ElevenLabsApi {
  const baseUrl = options.baseUrl ?? ELEVENLABS_DEFAULT_BASE_URL;
  const host = new URL(baseUrl).host;
  const sdk = new SdkClient({ apiKey: options.apiKey, baseUrl, maxRetries: 0 });

  async function withRetries<T>(
    endpoint: string,
    signal: AbortSignal | null,
    attemptOnce: () => Promise<T>,
  ): Promise<{ value: T; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, endpoint);
      try {
        return { value: await attemptOnce(), attempts: attempt };
      } catch (error) {
        throwIfAborted(signal, endpoint);
        if (error instanceof LiberoError) throw error;
        const failure = failureOf(error, options.now());
        if (failure === null) {
          throw new LiberoError(
            'ELEVENLABS_BAD_RESPONSE',
            `ElevenLabs ${endpoint} on ${host} gave an answer libero cannot read: ${redact(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error), options.apiKey)}`,
            { details: { host, endpoint } },
          );
        }
        const delayMs = retryDelayMs({
          policy: options.retry,
          retry: attempt - 1,
          failure,
          random: options.random(),
        });
        options.onRetry?.({ endpoint, attempt, failure, delayMs });
        if (delayMs === null) throw toLiberoError({ failure, endpoint, attempt });
        await options.sleep(delayMs, signal);
      }
    }
  }

  function toLiberoError(args: {
    failure: VendorFailure;
    endpoint: string;
    attempt: number;
  }): LiberoError {
    const { failure, endpoint, attempt } = args;
    const status = failure.status === null ? 'no answer' : `HTTP ${failure.status}`;
    const code = failure.vendorCode === null ? '' : ` ${failure.vendorCode}`;
    const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
    const wait =
      failure.retryAfterMs !== null && failure.retryAfterMs > options.retry.maxRetryAfterMs
        ? ` (the vendor asked to wait ${Math.round(failure.retryAfterMs / 1000)} s)`
        : '';
    const what: Record<VendorFailureKind, string> = {
      auth: 'refused the API key (check ELEVENLABS_API_KEY)',
      quota: 'has no credits left for this request',
      rejected: 'refused the request',
      rate_limited: 'kept rate-limiting',
      unavailable: 'was unavailable',
    };
    return new LiberoError(
      CODE_OF[failure.kind],
      `ElevenLabs (${host}) ${what[failure.kind]} on ${endpoint}${tries}: ${status}${code}: ${redact(failure.message, options.apiKey)}${wait}`,
      {
        details: {
          host,
          endpoint,
          status: failure.status,
          vendorCode: failure.vendorCode,
          requestId: failure.requestId,
          attempts: attempt,
        },
      },
    );
  }

  function requestOptions(signal: AbortSignal | null) {
    return {
      maxRetries: 0,
      timeoutInSeconds: options.timeoutSeconds,
      ...(signal === null ? {} : { abortSignal: signal }),
    };
  }

  return {
    host,
    async textToSpeech(request, signal) {
      const endpoint = `text-to-speech/${request.voiceId}/with-timestamps`;
      const { value, attempts } = await withRetries(endpoint, signal, async () => {
        const { data, rawResponse } = await sdk.textToSpeech
          .convertWithTimestamps(
            request.voiceId,
            sdkSpeechRequest(request) as Parameters<
              typeof sdk.textToSpeech.convertWithTimestamps
            >[1],
            requestOptions(signal),
          )
          .withRawResponse();
        return { parsed: parseTimestampsResponse(data, endpoint), headers: rawResponse.headers };
      });
      return {
        audio: value.parsed.audio,
        alignment: value.parsed.alignment,
        requestId: value.headers.get('request-id'),
        characterCost: headerNumber(value.headers, 'character-cost'),
        attempts,
      };
    },
    async speechToSpeech(request, signal) {
      const endpoint = `speech-to-speech/${request.voiceId}`;
      const { value, attempts } = await withRetries(endpoint, signal, async () => {
        const { data, rawResponse } = await sdk.speechToSpeech
          .convert(
            request.voiceId,
            {
              audio: { data: request.audio, filename: request.fileName },
              modelId: request.modelId,
              voiceSettings: wireVoiceSettingsJson(request.settings),
              outputFormat: request.outputFormat as 'mp3_44100_128',
            },
            requestOptions(signal),
          )
          .withRawResponse();
        return { audio: await streamBytes(data), headers: rawResponse.headers };
      });
      return {
        audio: value.audio,
        requestId: value.headers.get('request-id'),
        characterCost: headerNumber(value.headers, 'character-cost'),
        attempts,
      };
    },
    async composeMusic(request, signal) {
      const endpoint = 'music';
      const { value, attempts } = await withRetries(endpoint, signal, async () => {
        const { data, rawResponse } = await sdk.music
          .compose(
            sdkMusicRequest(request) as Parameters<typeof sdk.music.compose>[0],
            requestOptions(signal),
          )
          .withRawResponse();
        return { audio: await streamBytes(data), headers: rawResponse.headers };
      });
      return {
        audio: value.audio,
        requestId: value.headers.get('song-id') ?? value.headers.get('request-id'),
        characterCost: headerNumber(value.headers, 'character-cost'),
        attempts,
      };
    },
  };
}

/** Voice settings as the SDK takes them (re-exported for tests of the request bodies). */
export { sdkVoiceSettings };
