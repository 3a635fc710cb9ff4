/**
 * Queues one bound workflow on one host and follows it to its output files: progress from
 * `/ws`, results from `/history`. Survives a dropped socket (reconnects, reads the history),
 * notices a host that lost the prompt (restarted) or stopped making progress (hung), keeps a
 * stage time limit, and on cancel stops only our own prompt.
 */
import { LiberoError, isLiberoError } from '../../shared/index.js';
import type { ApiWorkflow } from './api-workflow.js';
import type { ComfyClient, ComfySocket, HostFile } from './comfy-client.js';
import { outputFileSchema } from './comfy-protocol.js';
import type { WsMessage } from './comfy-protocol.js';

/** Time limits of one prompt. */
export interface PromptTiming {
  /** The whole prompt, queue wait included. */
  readonly stageTimeoutMs: number;
  /** No socket message while our prompt runs for this long = the host is hung. */
  readonly stallTimeoutMs: number;
  /** How often the queue/history are checked when the socket is quiet or down. */
  readonly pollMs: number;
  /** How long a host may stay unreachable before its prompt counts as lost. */
  readonly reconnectMs: number;
  /** How long to wait for the history entry after `execution_success`. */
  readonly historyWaitMs: number;
}

/** Options for {@link runPrompt}. */
export interface RunPromptOptions {
  readonly client: ComfyClient;
  readonly workflow: ApiWorkflow;
  readonly template: string;
  /** Made by us (a UUID), so a lost answer to `POST /prompt` cannot hide the prompt. */
  readonly promptId: string;
  readonly clientId: string;
  readonly output: { readonly node: string; readonly key: 'images' | 'gifs' };
  /**
   * Nodes that load model files (the manifest's `models`): a first load (from a slow disk, or
   * a loader still fetching weights) sends no progress for minutes, so while one of them is
   * executing the stall limit does not apply; the stage time limit still does.
   */
  readonly loaderNodes: readonly string[];
  readonly timing: PromptTiming;
  readonly signal: AbortSignal | null;
  readonly onProgress: ((fraction: number, message: string) => void) | null;
}

/** What a finished prompt produced. */
export interface PromptOutcome {
  readonly promptId: string;
  readonly files: readonly HostFile[];
}

type Finish = { kind: 'done' } | { kind: 'error'; error: LiberoError };

function outputFiles(
  options: RunPromptOptions,
  outputs: Record<string, Record<string, unknown>>,
): HostFile[] {
  const node = outputs[options.output.node];
  const list = node?.[options.output.key];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parsed = outputFileSchema.safeParse(item);
    return parsed.success
      ? [
          {
            filename: parsed.data.filename,
            subfolder: parsed.data.subfolder,
            type: parsed.data.type,
          },
        ]
      : [];
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a prompt to completion; rejects with a COMFY_* LiberoError or ABORTED. */
export async function runPrompt(options: RunPromptOptions): Promise<PromptOutcome> {
  const { client, timing } = options;
  // Ours until the server answers; then the one it returns (servers before 0.3.45 make their own).
  let promptId = options.promptId;
  let queued = false;
  const early: WsMessage[] = [];
  const host = client.host;
  let settle: (finish: Finish) => void = () => undefined;
  const finished = new Promise<Finish>((resolve) => {
    settle = resolve;
  });
  let settled = false;
  const end = (finish: Finish): void => {
    if (settled) return;
    settled = true;
    settle(finish);
  };
  let lastActivity = Date.now();
  let socketDown = false;
  let cancelling = false;
  let nodesDone = 0;
  let executingNode: string | null = null;
  const nodeCount = Object.keys(options.workflow).length;

  const onMessage = (message: WsMessage): void => {
    const data = message.data as { prompt_id?: string };
    if (message.type === 'status') return;
    if (!queued) {
      early.push(message); // before the answer to POST /prompt: we may not know our id yet
      return;
    }
    if (data.prompt_id !== undefined && data.prompt_id !== promptId) return;
    lastActivity = Date.now();
    switch (message.type) {
      case 'execution_start':
        options.onProgress?.(0, 'started');
        return;
      case 'execution_cached':
        nodesDone += message.data.nodes.length;
        return;
      case 'executing':
        executingNode = message.data.node;
        if (message.data.node === null) end({ kind: 'done' });
        else {
          nodesDone += 1;
          options.onProgress?.(Math.min(0.99, nodesDone / nodeCount), `node ${message.data.node}`);
        }
        return;
      case 'progress': {
        const inNode = message.data.max > 0 ? message.data.value / message.data.max : 0;
        const fraction = Math.min(0.99, (nodesDone - 1 + inNode) / nodeCount);
        options.onProgress?.(
          Math.max(0, fraction),
          `step ${message.data.value}/${message.data.max}`,
        );
        return;
      }
      case 'executed':
        return;
      case 'execution_success':
        end({ kind: 'done' });
        return;
      case 'execution_error': {
        const d = message.data;
        const oom = /out of memory|OutOfMemory/i.test(`${d.exception_type} ${d.exception_message}`);
        end({
          kind: 'error',
          error: new LiberoError(
            'COMFY_EXECUTION_FAILED',
            `ComfyUI host ${host}: template "${options.template}" failed in node ${d.node_id ?? '?'} (${d.node_type ?? '?'}): ${d.exception_type}: ${d.exception_message}`.trim(),
            {
              details: {
                host,
                promptId,
                node: d.node_id,
                nodeType: d.node_type,
                exceptionType: d.exception_type,
                retryable: oom,
              },
            },
          ),
        });
        return;
      }
      case 'execution_interrupted':
        end({
          kind: 'error',
          error: cancelling
            ? new LiberoError('ABORTED', `Stage cancelled on ${host} (prompt ${promptId}).`)
            : new LiberoError(
                'COMFY_EXECUTION_FAILED',
                `ComfyUI host ${host}: prompt ${promptId} (template "${options.template}") was interrupted by someone else.`,
                { details: { host, promptId, retryable: true } },
              ),
        });
        return;
      default: {
        const never: never = message;
        return never;
      }
    }
  };

  let socket: ComfySocket | null = null;
  const onClose = (): void => {
    socketDown = true;
  };
  socket = await client.listen({ clientId: options.clientId, onMessage, onClose });

  const cancelOurs = async (): Promise<void> => {
    cancelling = true;
    try {
      await client.cancel(promptId);
    } catch {
      // the host is gone: nothing of ours runs there any more
    }
  };
  let abortWhenQueued = false;
  const onAbort = (): void => {
    // Until POST /prompt answers we may not know the id the server uses (before 0.3.45 it is
    // not ours): cancel once it has answered, so the prompt is never left running unseen.
    if (!queued) {
      abortWhenQueued = true;
      return;
    }
    void cancelOurs().then(() =>
      end({
        kind: 'error',
        error: new LiberoError('ABORTED', `Stage cancelled on ${host} (prompt ${promptId}).`, {
          cause: options.signal?.reason,
        }),
      }),
    );
  };

  const startedAt = Date.now();
  let unreachableSince: number | null = null;
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling || settled) return;
    polling = true;
    try {
      const now = Date.now();
      if (now - startedAt > timing.stageTimeoutMs) {
        await cancelOurs();
        end({
          kind: 'error',
          error: new LiberoError(
            'COMFY_TIMEOUT',
            `ComfyUI host ${host}: template "${options.template}" ran past its limit of ${Number((timing.stageTimeoutMs / 1000).toPrecision(3))} s; cancelled.`,
            { details: { host, promptId, limitMs: timing.stageTimeoutMs } },
          ),
        });
        return;
      }
      if (!socketDown && now - lastActivity < timing.stallTimeoutMs) return;
      try {
        if (socketDown) {
          socket?.close();
          socket = await client.listen({ clientId: options.clientId, onMessage, onClose });
          socketDown = false;
        }
        const entry = await client.history(promptId);
        unreachableSince = null;
        if (entry !== null) {
          end({ kind: 'done' });
          return;
        }
        const queue = await client.queue();
        if (queue.pending.includes(promptId)) {
          lastActivity = now; // waiting behind other work is not a hang
        } else if (queue.running.includes(promptId)) {
          const loading = executingNode !== null && options.loaderNodes.includes(executingNode);
          if (loading)
            lastActivity = now; // a first load is not a hang
          else if (now - lastActivity >= timing.stallTimeoutMs) {
            await cancelOurs();
            end({
              kind: 'error',
              error: new LiberoError(
                'COMFY_TIMEOUT',
                `ComfyUI host ${host} looks hung: prompt ${promptId} (template "${options.template}") made no progress for ${(timing.stallTimeoutMs / 1000).toFixed(1)} s; cancelled.`,
                { details: { host, promptId, hung: true } },
              ),
            });
          }
        } else {
          // Neither queued nor in the history: finished between the two reads, or lost.
          const again = await client.history(promptId);
          if (again !== null) end({ kind: 'done' });
          else
            end({
              kind: 'error',
              error: new LiberoError(
                'COMFY_DISCONNECTED',
                `ComfyUI host ${host} lost prompt ${promptId} (template "${options.template}"): it is neither queued nor in the history (the host restarted?).`,
                { details: { host, promptId } },
              ),
            });
        }
      } catch (error) {
        if (
          isLiberoError(error) &&
          (error.code === 'COMFY_UNREACHABLE' || error.code === 'COMFY_BAD_RESPONSE')
        ) {
          socketDown = true;
          unreachableSince ??= now;
          if (now - unreachableSince >= timing.reconnectMs) {
            end({
              kind: 'error',
              error: new LiberoError(
                'COMFY_DISCONNECTED',
                `ComfyUI host ${host} went away while running prompt ${promptId} (template "${options.template}") and did not come back within ${Math.round(timing.reconnectMs / 1000)} s.`,
                { details: { host, promptId }, cause: error },
              ),
            });
          }
        } else {
          end({
            kind: 'error',
            error: isLiberoError(error)
              ? error
              : new LiberoError('INTERNAL', String(error), { cause: error }),
          });
        }
      }
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), timing.pollMs);

  try {
    if (options.signal?.aborted === true)
      throw new LiberoError('ABORTED', `Stage cancelled before it was queued on ${host}.`);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const answer = await client.queuePrompt({
        workflow: options.workflow,
        promptId,
        clientId: options.clientId,
        template: options.template,
        signal: null, // answered even when cancelled meanwhile: see onAbort
      });
      promptId = answer.promptId;
    } catch (error) {
      // The answer may have been lost after the host queued it: look before giving up (only
      // a server that honours our id can be found this way).
      if (!(isLiberoError(error) && error.code === 'COMFY_UNREACHABLE')) throw error;
      const queue = await client.queue().catch(() => null);
      if (queue === null || ![...queue.running, ...queue.pending].includes(promptId)) throw error;
    }
    queued = true;
    for (const message of early.splice(0)) onMessage(message);
    if (abortWhenQueued) onAbort();
    lastActivity = Date.now();
    const finish = await finished;
    if (finish.kind === 'error') throw finish.error;
    const deadline = Date.now() + timing.historyWaitMs;
    // The history entry is written just before the final `executing` null: poll briefly.
    for (;;) {
      const entry = await client.history(promptId);
      if (entry !== null) {
        if (entry.status?.status_str === 'error') {
          throw new LiberoError(
            'COMFY_EXECUTION_FAILED',
            `ComfyUI host ${host}: prompt ${promptId} (template "${options.template}") ended with an error: ${JSON.stringify(entry.status.messages.filter(([t]) => t === 'execution_error'))}`,
            { details: { host, promptId } },
          );
        }
        const files = outputFiles(
          options,
          entry.outputs as Record<string, Record<string, unknown>>,
        );
        if (files.length === 0) {
          throw new LiberoError(
            'COMFY_OUTPUT_MISSING',
            `ComfyUI host ${host}: prompt ${promptId} (template "${options.template}") finished without "${options.output.key}" on node ${options.output.node}.`,
            { details: { host, promptId, node: options.output.node } },
          );
        }
        options.onProgress?.(1, 'done');
        return { promptId, files };
      }
      if (Date.now() > deadline) {
        throw new LiberoError(
          'COMFY_OUTPUT_MISSING',
          `ComfyUI host ${host}: prompt ${promptId} finished but /history has no entry for it.`,
          { details: { host, promptId } },
        );
      }
      await sleep(Math.min(timing.pollMs, 100));
    }
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onAbort);
    socket?.close();
  }
}
