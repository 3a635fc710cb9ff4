/**
 * A fake ComfyUI host for tests and the bench: a real HTTP + WebSocket server on port 0 that
 * speaks the protocol of ComfyUI's server.py/execution.py (../../../../shared/ref/comfyui.md):
 * the same routes (bare and under /api), message types and order, history shape and error
 * shapes. It validates prompts against an object_info written from the real node packs,
 * renders real (small) media with ffmpeg, charges model-load and per-stage time, and can be
 * told to fail a node, drop the socket, hang, answer 5xx or die mid-run.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { executePrompt } from './fake-execute.js';
import { withComboV2, withModelFolders } from './fake-models.js';
import { receiveUpload, serveView } from './fake-files.js';
import type { FakeCosts, FakeFaults } from './fake-execute.js';
import { validatePrompt } from './fake-validate.js';
import type { FakeObjectInfo, PostedNode } from './fake-validate.js';

/** The object_info fixture (from the real node classes; see README.md). */
export const OBJECT_INFO: FakeObjectInfo = JSON.parse(
  readFileSync(new URL('./object-info.json', import.meta.url), 'utf8'),
) as FakeObjectInfo;

/** Options of a fake host. */
export interface FakeComfyOptions {
  /** Sizes the workflow asks for are multiplied by this (tests render tiny). */
  readonly mediaScale: number;
  readonly costs: FakeCosts;
  /** Defaults to the fixture; tests remove classes or models to make a host lack them. */
  readonly objectInfo?: FakeObjectInfo;
  /** Progress message interval while a node "computes". */
  readonly tickMs?: number;
  /**
   * Bench only: reuse an earlier output of the same size, length and rate instead of running
   * ffmpeg again (keeps the CPU cost of the fake out of GPU timings). Tests leave it off.
   */
  readonly reuseMedia?: boolean;
  /**
   * Bench only: the fake's own ffmpeg/ffprobe time counts against the GPU time it charges
   * next (a real host's GPU does not wait for this fake's CPU work), so makespans measure the
   * scheduler rather than the fake's CPU. Tests leave it off.
   */
  readonly overlapOwnWork?: boolean;
  /** An older server: routes only without the `/api` prefix (and `/ws` only). */
  readonly bareRoutesOnly?: boolean;
  /** Model folder -> files this host has (`upscale/x.safetensors`); others keep the fixture's. */
  readonly modelFolders?: Readonly<Record<string, readonly string[]>>;
  /** Dropdowns in the newer `["COMBO", {options}]` shape instead of `[[...values]]`. */
  readonly comboV2?: boolean;
  /**
   * The `comfyui_version` it reports and behaves as (default 0.3.62). Before 0.3.45 it ignores
   * a client's `prompt_id` and makes its own; before 0.3.56 `POST /interrupt` ignores the body
   * and stops whatever runs (server.py before Comfy-Org/ComfyUI#9607).
   */
  readonly version?: string;
  /** CogVideoSampler's clips do not start on their still (the wrapper dropped a first latent). */
  readonly dropsFirstLatent?: boolean;
}

/** `a >= b` for `x.y.z` versions. */
function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  }
  return true;
}

/** A prompt as received, for assertions. */
export interface ReceivedPrompt {
  readonly promptId: string;
  /** The `prompt_id` the client sent (an old server does not use it). */
  readonly requestedPromptId: string | null;
  readonly clientId: string | null;
  readonly prompt: Record<string, PostedNode>;
}

/** One queue entry. */
export interface QueueEntry {
  readonly number: number;
  readonly promptId: string;
  readonly prompt: Record<string, PostedNode>;
  readonly clientId: string | null;
}

/** Time accounting: what a real GPU would have spent. */
export interface FakeStats {
  computeMs: number;
  loadMs: number;
  loads: string[];
  completed: Array<{ promptId: string; startedAt: number; finishedAt: number }>;
  /** Wall time of prompts beyond what was charged (the fake's own probing and rendering). */
  overheadMs: number;
  interrupted: string[];
}

/** A fake ComfyUI host. */
export class FakeComfyUI {
  readonly options: FakeComfyOptions;
  readonly faults: FakeFaults = {
    failNode: null,
    dropSocketAt: null,
    hangAt: null,
    dieAt: null,
    http: [],
  };
  readonly received: ReceivedPrompt[] = [];
  readonly stats: FakeStats = {
    computeMs: 0,
    loadMs: 0,
    loads: [],
    completed: [],
    interrupted: [],
    overheadMs: 0,
  };
  objectInfo: FakeObjectInfo;
  dir = '';
  port = 0;
  pending: QueueEntry[] = [];
  running: QueueEntry | null = null;
  history: Record<string, unknown> = {};
  loaded = new Set<string>();
  /** Outputs already rendered, by shape (with `reuseMedia`). */
  readonly mediaCache = new Map<string, string>();
  /** Probed uploads, by path, size and mtime (with `reuseMedia`). */
  readonly probeCache = new Map<string, unknown>();
  interruptFlag: string | null = null;
  /** Own work not yet overlapped with charged time (`overlapOwnWork`). */
  ownWorkCreditMs = 0;
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  private connections = new Set<Socket>();
  private sockets = new Map<string, WebSocket>();
  private number = 0;
  private epoch = 0;

  constructor(options: FakeComfyOptions) {
    this.options = options;
    let info = withModelFolders(options.objectInfo ?? OBJECT_INFO, options.modelFolders ?? {});
    if (options.comboV2 === true) info = withComboV2(info);
    this.objectInfo = info;
  }

  /** The version it reports and behaves as. */
  get version(): string {
    return this.options.version ?? '0.3.62';
  }

  /** `http://127.0.0.1:PORT` */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (port 0 the first time, the same port after a restart). */
  async start(): Promise<this> {
    if (this.dir === '') this.dir = await mkdtemp(join(tmpdir(), 'fake-comfyui-'));
    for (const sub of ['input', 'output', 'temp'])
      await mkdir(join(this.dir, sub), { recursive: true });
    const server = createServer((req, res) => void this.handle(req, res));
    const wss = new WebSocketServer({ noServer: true });
    server.on('connection', (c: Socket) => {
      this.connections.add(c);
      c.on('close', () => this.connections.delete(c));
    });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ws' && url.pathname !== '/api/ws') {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const sid =
          url.searchParams.get('clientId') ?? `sid-${Math.random().toString(16).slice(2)}`;
        this.sockets.set(sid, ws);
        ws.on('close', () => {
          if (this.sockets.get(sid) === ws) this.sockets.delete(sid);
        });
        ws.send(JSON.stringify({ type: 'status', data: { status: this.statusData(), sid } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address === 'object' && address !== null) this.port = address.port;
    this.server = server;
    this.wss = wss;
    return this;
  }

  /** Closes every connection and stops listening. */
  async stop(): Promise<void> {
    this.epoch += 1;
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
    for (const c of this.connections) c.destroy();
    this.wss?.close();
    await new Promise<void>((resolve) =>
      this.server === null ? resolve() : this.server.close(() => resolve()),
    );
    this.server = null;
  }

  /** Stops and deletes the fake's folder. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true });
  }

  /** A process death: every socket cut, queue, history and loaded models lost; back after `downMs` (or never, null). */
  async die(downMs: number | null): Promise<void> {
    await this.stop();
    this.pending = [];
    this.running = null;
    this.history = {};
    this.loaded.clear();
    if (downMs !== null) setTimeout(() => void this.start(), downMs);
  }

  /** Cuts every `/ws` socket (the server keeps running). */
  dropSockets(): void {
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
  }

  /** True while this server generation is alive (a run started before `die` must stop). */
  isEpoch(epoch: number): boolean {
    return this.epoch === epoch && this.server !== null;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  statusData(): { exec_info: { queue_remaining: number } } {
    return {
      exec_info: { queue_remaining: this.pending.length + (this.running === null ? 0 : 1) },
    };
  }

  /** Sends to one client (ComfyUI's `send_sync(event, data, sid)`), or to all when `sid` is null. */
  send(type: string, data: unknown, sid: string | null): void {
    const text = JSON.stringify({ type, data });
    if (sid === null) for (const ws of this.sockets.values()) ws.send(text);
    else this.sockets.get(sid)?.send(text);
  }

  /** Queues a prompt as another ComfyUI user would (an artist working by hand). */
  queueForeign(prompt: Record<string, PostedNode>, promptId: string): void {
    this.pending.push({ number: this.number++, promptId, prompt, clientId: 'artist' });
    this.kick();
  }

  private kick(): void {
    if (this.running !== null || this.pending.length === 0) return;
    const entry = this.pending.shift();
    if (entry === undefined) return;
    this.running = entry;
    const epoch = this.epoch;
    void executePrompt({ fake: this, entry, epoch }).finally(() => {
      if (!this.isEpoch(epoch)) return;
      this.running = null;
      this.send('status', { status: this.statusData() }, null);
      this.kick();
    });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async body(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? {} : (JSON.parse(text) as unknown);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.options.bareRoutesOnly === true && url.pathname.startsWith('/api/')) {
      res.writeHead(404).end('404: Not Found');
      return;
    }
    const path = url.pathname.startsWith('/api/') ? url.pathname.slice(4) : url.pathname;
    const fault = this.faults.http.find((f) => f.path === path && f.times > 0);
    if (fault !== undefined) {
      fault.times -= 1;
      this.json(res, fault.status, { error: 'injected failure' });
      return;
    }
    try {
      if (req.method === 'GET' && path === '/system_stats') {
        this.json(res, 200, {
          system: {
            os: 'posix',
            comfyui_version: this.version,
            python_version: '3.12',
            embedded_python: false,
          },
          devices: [
            {
              name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync',
              type: 'cuda',
              index: 0,
              vram_total: 25386352640,
              vram_free: 24000000000,
            },
          ],
        });
      } else if (req.method === 'GET' && path === '/object_info') {
        this.json(res, 200, this.objectInfo);
      } else if (req.method === 'GET' && path.startsWith('/object_info/')) {
        const name = decodeURIComponent(path.slice('/object_info/'.length));
        const info = this.objectInfo[name];
        this.json(res, 200, info === undefined ? {} : { [name]: info });
      } else if (req.method === 'POST' && path === '/prompt') {
        await this.postPrompt(req, res);
      } else if (req.method === 'GET' && path === '/queue') {
        const item = (e: QueueEntry): unknown[] => [
          e.number,
          e.promptId,
          e.prompt,
          { client_id: e.clientId },
          [],
        ];
        this.json(res, 200, {
          queue_running: this.running === null ? [] : [item(this.running)],
          queue_pending: this.pending.map(item),
        });
      } else if (req.method === 'POST' && path === '/queue') {
        const body = (await this.body(req)) as { delete?: string[]; clear?: boolean };
        if (body.clear === true) this.pending = [];
        if (Array.isArray(body.delete))
          this.pending = this.pending.filter((e) => !body.delete?.includes(e.promptId));
        res.writeHead(200).end();
      } else if (req.method === 'POST' && path === '/interrupt') {
        const body = (await this.body(req)) as { prompt_id?: string };
        // From 0.3.56, with a prompt_id, only that prompt is interrupted; before, the body is
        // ignored and whatever runs stops.
        const targeted = versionAtLeast(this.version, '0.3.56') && body.prompt_id !== undefined;
        if (this.running !== null && (!targeted || body.prompt_id === this.running.promptId)) {
          this.interruptFlag = this.running.promptId;
        }
        res.writeHead(200).end();
      } else if (req.method === 'GET' && path.startsWith('/history/')) {
        const id = decodeURIComponent(path.slice('/history/'.length));
        this.json(res, 200, this.history[id] === undefined ? {} : { [id]: this.history[id] });
      } else if (req.method === 'GET' && path === '/view') {
        await serveView({ dir: this.dir, url, res });
      } else if (req.method === 'POST' && path === '/upload/image') {
        await receiveUpload({ dir: this.dir, req, res });
      } else if (req.method === 'POST' && path === '/free') {
        this.loaded.clear();
        res.writeHead(200).end();
      } else {
        res.writeHead(404).end('404: Not Found');
      }
    } catch (error) {
      this.json(res, 500, { error: String(error) });
    }
  }

  private async postPrompt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await this.body(req)) as {
      prompt?: Record<string, PostedNode>;
      client_id?: string;
      prompt_id?: string;
      front?: boolean;
    };
    if (body.prompt === undefined) {
      this.json(res, 400, {
        error: {
          type: 'no_prompt',
          message: 'No prompt provided',
          details: 'No prompt provided',
          extra_info: {},
        },
        node_errors: {},
      });
      return;
    }
    const failure = validatePrompt({
      prompt: body.prompt,
      objectInfo: this.objectInfo,
      inputDir: join(this.dir, 'input'),
    });
    if (failure !== null) {
      this.json(res, 400, failure);
      return;
    }
    // Before 0.3.45 the server makes every prompt id itself (server.py: uuid4()).
    const promptId =
      body.prompt_id !== undefined && versionAtLeast(this.version, '0.3.45')
        ? body.prompt_id
        : crypto.randomUUID();
    const entry: QueueEntry = {
      number: this.number++,
      promptId,
      prompt: body.prompt,
      clientId: body.client_id ?? null,
    };
    this.received.push({
      promptId,
      requestedPromptId: body.prompt_id ?? null,
      clientId: entry.clientId,
      prompt: body.prompt,
    });
    if (body.front === true) this.pending.unshift(entry);
    else this.pending.push(entry);
    this.json(res, 200, { prompt_id: promptId, number: entry.number, node_errors: {} });
    this.send('status', { status: this.statusData() }, null);
    this.kick();
  }
}
