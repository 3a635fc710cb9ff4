/**
 * A fake ElevenLabs API on a real local port, speaking the documented protocol
 * (../shared/ref/elevenlabs.md): `xi-api-key` auth, snake_case JSON bodies, multipart
 * speech-to-speech, `output_format` in the query, `request-id` / `character-cost` / `song-id`
 * headers, both error body generations, and real MP3 audio of a plausible length (speech) or of
 * exactly `music_length_ms` (music). It can be told to answer 429 with Retry-After, 5xx, 401,
 * 422, quota_exceeded, or to hang. Like the real API it knows only the account's voices: the
 * default ("premade") voices every account has, plus those given as `voices` (the account's own
 * clones and library voices); any other voice id is answered 404 `voice_not_found` (the body the
 * real API sent in 2025-07, elevenlabs/elevenlabs-docs#1317). Product code never knows it is a
 * fake: point ELEVENLABS_BASE_URL at `fake.url`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFfmpeg } from '../../../src/media/index.js';

/** One request as the fake received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the multipart fields (files as `{filename, size}`). */
  readonly body: Record<string, unknown>;
}

/** A scripted answer for the next matching request instead of the normal one. */
export type ScriptedAnswer =
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'hang' };

/**
 * ElevenLabs' default ("premade") voices, usable by every account without adding them
 * (name: voice id), as `GET /v1/voices` lists them with `category: "premade"`.
 */
export const PREMADE_VOICES: Readonly<Record<string, string>> = {
  Roger: 'CwhRBWXzGAHq8TQ4Fs17',
  Sarah: 'EXAVITQu4vr4xnSDxMaL',
  Laura: 'FGY2WhTYpPnrIDTdsKH5',
  Charlie: 'IKne3meq5aSn9XLyUdCD',
  George: 'JBFqnCBsd6RMkjVDRZzb',
  Callum: 'N2lVS1w4EtoT3dr4eOWO',
  River: 'SAz9YHcvj6GT2YYXdXww',
  Liam: 'TX3LPaxmHKxFdv7VOQHJ',
  Alice: 'Xb7hH8MSUJpSbSDYk0k2',
  Matilda: 'XrExE9yKIg1WjnnlVkGX',
  Will: 'bIHbv24MWmeRgasZH58o',
  Jessica: 'cgSgspJ2msm6clMCkdW9',
  Eric: 'cjVigY5qzO86Huf0OWal',
  Chris: 'iP95p4xoKVk53GoZ742B',
  Brian: 'nPczCjzI2devNBz1zQrb',
  Daniel: 'onwK4e9ZLuTAKqWW03F9',
  Lily: 'pFZP5JQG7iQjIQuC4Bku',
  Bill: 'pqHfZKP75CvOlQylNhV4',
};

/** Seconds of speech per character of text (about 15 characters a second). */
export const SECONDS_PER_CHARACTER = 0.065;

/** The running fake. */
export interface FakeElevenLabs {
  readonly url: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, used in order before normal service resumes. */
  readonly script: ScriptedAnswer[];
  /** Characters left on the account; a TTS line longer than this gets 401 quota_exceeded. */
  creditsLeft: number;
  /** The voice ids the account has (premade and its own); add one to "add it from the library". */
  readonly voices: Set<string>;
  close(): Promise<void>;
}

async function mp3(seconds: number, frequency: number): Promise<Buffer> {
  const { stdout } = await runFfmpeg({
    job: {
      inputs: [
        {
          source: `sine=frequency=${frequency}:sample_rate=44100:duration=${seconds.toFixed(3)}`,
          options: ['-f', 'lavfi'],
        },
      ],
      filterComplex: null,
      outputs: [
        {
          target: 'pipe:1',
          options: ['-ac', '1', '-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'],
        },
      ],
    },
    signal: null,
    onProgress: null,
  });
  return stdout;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const isBytes = Buffer.isBuffer(body);
  res.writeHead(status, {
    'content-type': isBytes ? 'audio/mpeg' : 'application/json',
    ...headers,
  });
  res.end(isBytes ? body : JSON.stringify(body));
}

function validationError(loc: string[], msg: string) {
  return { detail: [{ loc: ['body', ...loc], msg, type: 'value_error' }] };
}

function checkSettings(settings: unknown): ReturnType<typeof validationError> | null {
  if (settings === undefined || settings === null) return null;
  const s = settings as Record<string, unknown>;
  for (const field of ['stability', 'similarity_boost']) {
    const v = s[field];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) {
      return validationError(['voice_settings', field], 'Input should be less than or equal to 1');
    }
  }
  return null;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeElevenLabs(options: {
  apiKey: string;
  creditsLeft?: number;
  /** Voice ids of the account's own voices, besides the premade ones. */
  voices?: readonly string[];
}): Promise<FakeElevenLabs> {
  const voices = new Set([...Object.values(PREMADE_VOICES), ...(options.voices ?? [])]);
  const voiceNotFound = (res: ServerResponse, voiceId: string): void =>
    send(res, 404, {
      detail: {
        status: 'voice_not_found',
        message: `A voice with the voice_id ${voiceId} was not found.`,
      },
    });
  const requests: RecordedRequest[] = [];
  const script: ScriptedAnswer[] = [];
  const hanging = new Set<ServerResponse>();
  let counter = 0;
  const state = { creditsLeft: options.creditsLeft ?? 1_000_000 };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    let body: Record<string, unknown> = {};
    const type = headers['content-type'] ?? '';
    if (type.startsWith('application/json') && raw.length > 0) {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } else if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(raw),
      }).formData();
      form.forEach((v, k) => {
        body[k] = typeof v === 'string' ? v : { filename: v.name, size: v.size };
      });
    }
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    });

    const scripted = script.shift();
    if (scripted !== undefined) {
      if (scripted.kind === 'hang') {
        hanging.add(res);
        return;
      }
      send(res, scripted.status, scripted.body, scripted.headers ?? {});
      return;
    }
    if (headers['xi-api-key'] !== options.apiKey) {
      send(res, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
      return;
    }
    const requestId = `req_${String(++counter).padStart(6, '0')}`;
    let match: RegExpExecArray | null;
    if (
      req.method === 'POST' &&
      (match = /^\/v1\/text-to-speech\/([^/]+)(\/with-timestamps)?$/.exec(url.pathname))
    ) {
      const text = body['text'];
      if (typeof text !== 'string' || text.length === 0) {
        send(res, 422, validationError(['text'], 'Field required'));
        return;
      }
      const bad = checkSettings(body['voice_settings']);
      if (bad !== null) {
        send(res, 422, bad);
        return;
      }
      // The body is validated first (FastAPI), then the voice is looked up.
      const voiceId = decodeURIComponent(match[1] ?? '');
      if (!voices.has(voiceId)) {
        voiceNotFound(res, voiceId);
        return;
      }
      if (text.length > state.creditsLeft) {
        send(res, 401, {
          detail: {
            status: 'quota_exceeded',
            message: `This request exceeds your quota of 10000. You have ${state.creditsLeft} credits remaining, while ${text.length} credits are required for this request.`,
          },
        });
        return;
      }
      state.creditsLeft -= text.length;
      const seconds = Math.max(0.5, text.length * SECONDS_PER_CHARACTER);
      const audio = await mp3(seconds, 180 + (text.length % 60));
      const out = { 'request-id': requestId, 'character-cost': String(text.length) };
      if (match[2] === undefined) {
        send(res, 200, audio, out);
        return;
      }
      const step = seconds / text.length;
      const alignment = {
        characters: [...text],
        character_start_times_seconds: [...text].map((_, i) => Number((i * step).toFixed(3))),
        character_end_times_seconds: [...text].map((_, i) => Number(((i + 1) * step).toFixed(3))),
      };
      send(
        res,
        200,
        { audio_base64: audio.toString('base64'), alignment, normalized_alignment: alignment },
        out,
      );
      return;
    }
    if (req.method === 'POST' && (match = /^\/v1\/speech-to-speech\/([^/]+)$/.exec(url.pathname))) {
      const file = body['audio'] as { size?: number } | undefined;
      if (file === undefined || typeof file !== 'object') {
        send(res, 422, validationError(['audio'], 'Field required'));
        return;
      }
      if (typeof body['voice_settings'] === 'string') {
        const bad = checkSettings(JSON.parse(body['voice_settings']));
        if (bad !== null) {
          send(res, 422, bad);
          return;
        }
      }
      const voiceId = decodeURIComponent(match[1] ?? '');
      if (!voices.has(voiceId)) {
        voiceNotFound(res, voiceId);
        return;
      }
      // The scratch's length is not decoded here: 1 s per 16 kB of upload, at least 1 s.
      const seconds = Math.max(1, (file.size ?? 0) / 16_000);
      send(res, 200, await mp3(seconds, 200), {
        'request-id': requestId,
        'character-cost': String(Math.ceil((seconds / 60) * 1000)),
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/music') {
      const length = body['music_length_ms'];
      if (typeof body['prompt'] !== 'string' || (body['prompt'] as string).length > 2000) {
        send(
          res,
          422,
          validationError(['prompt'], 'prompt must be a string of at most 2000 characters'),
        );
        return;
      }
      if (
        length !== undefined &&
        (typeof length !== 'number' || length < 3000 || length > 600_000)
      ) {
        send(
          res,
          422,
          validationError(['music_length_ms'], 'Input should be between 3000 and 600000'),
        );
        return;
      }
      const seconds = typeof length === 'number' ? length / 1000 : 30;
      send(res, 200, await mp3(seconds, 110), {
        'song-id': `song_${counter}`,
        'request-id': requestId,
      });
      return;
    }
    send(res, 404, {
      detail: { status: 'not_found', message: `No route ${req.method} ${url.pathname}` },
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { detail: { status: 'internal', message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: options.apiKey,
    requests,
    script,
    voices,
    get creditsLeft() {
      return state.creditsLeft;
    },
    set creditsLeft(value: number) {
      state.creditsLeft = value;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
