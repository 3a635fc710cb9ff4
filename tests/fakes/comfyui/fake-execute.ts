/**
 * The fake's prompt worker, after ComfyUI's execution.py: `execution_start`,
 * `execution_cached`, then per node `executing` (and `progress` while it computes),
 * `executed` for output nodes, `execution_success`, the history entry, and the final
 * `executing` with `node: null`. Charges model loads and per-stage compute in real (scaled)
 * time, and plays the faults the test asked for.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FakeComfyUI, QueueEntry } from './fake-comfyui.js';
import { probeShape, scaledSize, writeImage, writeVideo } from './fake-media.js';
import type { Shape } from './fake-media.js';
import type { PostedNode } from './fake-validate.js';

/** What a real GPU would spend, in milliseconds (scaled down from performance.md). */
export interface FakeCosts {
  /** Load time of a model when it is not resident (by file or repo name); default 0. */
  readonly loadMs: Readonly<Record<string, number>>;
  /** SamplerCustomAdvanced: one still. */
  readonly stillMs: number;
  /** CogVideoSampler: per output frame at 25 steps (scales with steps). */
  readonly videoFrameMs: number;
  /** ImageUpscaleWithModel: per frame, by upscale model name; default 0. */
  readonly upscaleFrameMs: Readonly<Record<string, number>>;
}

/** Faults a test can inject; each fires once. */
export interface FakeFaults {
  failNode: { classType: string; exceptionType: string; message: string } | null;
  dropSocketAt: string | null;
  hangAt: string | null;
  dieAt: { classType: string; downMs: number | null } | null;
  http: Array<{ path: string; status: number; times: number }>;
}

/** Which input of which loader names a model that occupies GPU memory. */
const MODEL_INPUTS: Record<string, string[]> = {
  UNETLoader: ['unet_name'],
  DualCLIPLoader: ['clip_name1', 'clip_name2'],
  CLIPLoader: ['clip_name'],
  VAELoader: ['vae_name'],
  DownloadAndLoadCogVideoModel: ['model'],
  UpscaleModelLoader: ['model_name'],
  CogVideoXModelLoader: ['model'],
  CogVideoXVAELoader: ['model_name'],
};

function order(prompt: Record<string, PostedNode>): string[] {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (id: string): void => {
    if (done.has(id)) return;
    done.add(id);
    for (const v of Object.values(prompt[id]?.inputs ?? {}))
      if (Array.isArray(v)) visit(String(v[0]));
    out.push(id);
  };
  for (const id of Object.keys(prompt)) visit(id);
  return out;
}

/** Probes an upload, remembering the answer when the fake reuses media (bench). */
async function probeUpload(
  fake: FakeComfyUI,
  name: string,
  kind: 'image' | 'video',
): Promise<Shape> {
  const path = join(fake.dir, 'input', name);
  if (fake.options.reuseMedia !== true) return probeShape(path, kind);
  const info = await stat(path);
  const key = `${path}:${info.size}:${info.mtimeMs}`;
  const known = fake.probeCache.get(key) as Shape | undefined;
  if (known !== undefined) return known;
  const shape = await probeShape(path, kind);
  fake.probeCache.set(key, shape);
  return shape;
}

/** A cost by model: the exact file, else any key with the same stem (`x.pth` for `upscale/x.safetensors`). */
function costOf(table: Readonly<Record<string, number>>, model: string): number {
  const stem = (name: string): string =>
    (name.split('/').pop() ?? name)
      .replace(/\.(safetensors|pth|pt|ckpt|sft|gguf)$/i, '')
      .toLowerCase();
  const exact = table[model];
  if (exact !== undefined) return exact;
  const key = Object.keys(table).find((k) => stem(k) === stem(model));
  return key === undefined ? 0 : (table[key] ?? 0);
}

/**
 * A T5 token count for the fake: a piece per 5 letters of a word, per digit and per other
 * character, and `</s>` (real T5 is in this range for English; libero's own estimate errs
 * higher, so what libero sends after fitting always passes here).
 */
function fakeT5Tokens(text: string): number {
  let tokens = 1;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    for (const run of word.match(/[A-Za-z]+|[^A-Za-z]/g) ?? [])
      tokens += /^[A-Za-z]/.test(run) ? Math.ceil(run.length / 5) : 1;
  }
  return tokens;
}

class Interrupted extends Error {}
/** An exception a node raises, with its Python type (`execution_error.exception_type`). */
class PythonError extends Error {
  constructor(
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
  }
}
class Died extends Error {}

/** Runs one queue entry to its end. */
export async function executePrompt(options: {
  fake: FakeComfyUI;
  entry: QueueEntry;
  epoch: number;
}): Promise<void> {
  const { fake, entry, epoch } = options;
  const { promptId, prompt, clientId: sid } = entry;
  const tickMs = fake.options.tickMs ?? 20;
  const costs = fake.options.costs;
  const messages: Array<[string, unknown]> = [];
  const emit = (type: string, data: Record<string, unknown>, toAll = false): void => {
    if (!fake.isEpoch(epoch)) throw new Died();
    const full = { ...data, prompt_id: promptId, timestamp: Date.now() };
    if (
      [
        'execution_start',
        'execution_cached',
        'execution_success',
        'execution_error',
        'execution_interrupted',
      ].includes(type)
    ) {
      messages.push([type, full]);
    }
    fake.send(
      type,
      type === 'executing' || type === 'progress' || type === 'executed'
        ? { ...data, prompt_id: promptId }
        : full,
      toAll ? null : sid,
    );
  };
  const charge = async (full: number, node: string, kind: 'compute' | 'load'): Promise<void> => {
    const started = Date.now();
    const credit = fake.options.overlapOwnWork === true ? Math.min(full, fake.ownWorkCreditMs) : 0;
    fake.ownWorkCreditMs -= credit;
    const ms = full - credit;
    const steps = Math.max(1, Math.ceil(ms / tickMs));
    for (let i = 1; ; i++) {
      if (!fake.isEpoch(epoch)) throw new Died();
      if (fake.interruptFlag === promptId) throw new Interrupted();
      const hang = fake.faults.hangAt === prompt[node]?.class_type;
      const elapsed = Date.now() - started;
      if (!hang && elapsed >= ms) break;
      await new Promise((r) =>
        setTimeout(r, Math.min(tickMs, hang ? tickMs : Math.max(1, ms - elapsed))),
      );
      if (!hang && kind === 'compute' && ms > 0)
        emit('progress', { value: Math.min(i, steps), max: steps, node });
    }
    if (kind === 'load') fake.stats.loadMs += full;
    else fake.stats.computeMs += full;
  };
  const startedAt = Date.now();
  const chargedBefore = fake.stats.computeMs + fake.stats.loadMs;
  const outputs: Record<string, unknown> = {};
  const shapes = new Map<string, Shape>();
  const needed = new Set<string>();
  for (const node of Object.values(prompt)) {
    for (const input of MODEL_INPUTS[String(node.class_type)] ?? [])
      needed.add(String(node.inputs?.[input]));
  }
  for (const model of [...fake.loaded]) if (!needed.has(model)) fake.loaded.delete(model);
  let currentNode: string | null = null;
  try {
    emit('execution_start', {});
    emit('execution_cached', { nodes: [] });
    for (const id of order(prompt)) {
      currentNode = id;
      const node = prompt[id] as PostedNode;
      const classType = String(node.class_type);
      const inputs = node.inputs ?? {};
      const from = (name: string): Shape | undefined => {
        const v = inputs[name];
        return Array.isArray(v) ? shapes.get(String(v[0])) : undefined;
      };
      const num = (name: string): number => Number(inputs[name]);
      emit('executing', { node: id, display_node: id });
      if (fake.faults.dieAt?.classType === classType) {
        const { downMs } = fake.faults.dieAt;
        fake.faults.dieAt = null;
        await fake.die(downMs);
        throw new Died();
      }
      if (fake.faults.dropSocketAt === classType) {
        fake.faults.dropSocketAt = null;
        fake.dropSockets();
      }
      if (fake.faults.failNode?.classType === classType) {
        const failure = fake.faults.failNode;
        fake.faults.failNode = null;
        emit('execution_error', {
          node_id: id,
          node_type: classType,
          executed: [],
          exception_message: failure.message,
          exception_type: failure.exceptionType,
          traceback: [
            'Traceback (most recent call last):\n',
            `  File "execution.py", line 327, in execute\n`,
          ],
          current_inputs: {},
          current_outputs: {},
        });
        fake.history[promptId] = historyEntry(entry, {}, 'error', messages);
        emit('executing', { node: null });
        return;
      }
      for (const input of MODEL_INPUTS[classType] ?? []) {
        const model = String(inputs[input]);
        if (!fake.loaded.has(model)) {
          await charge(costOf(costs.loadMs, model), id, 'load');
          fake.loaded.add(model);
          fake.stats.loads.push(model);
        }
      }
      const scale = fake.options.mediaScale;
      const ownWorkStarted = Date.now();
      let shape: Shape | undefined;
      switch (classType) {
        case 'EmptySD3LatentImage':
          shape = {
            ...scaledSize(num('width'), num('height'), scale),
            frames: num('batch_size'),
            fps: 12,
            source: null,
          };
          break;
        case 'SamplerCustomAdvanced':
          shape = from('latent_image');
          await charge(costs.stillMs * (shape?.frames ?? 1), id, 'compute');
          break;
        case 'LoadImage':
          shape = await probeUpload(fake, String(inputs['image']), 'image');
          break;
        case 'ImageScale': {
          const src = from('image');
          shape = src && { ...src, ...scaledSize(num('width'), num('height'), scale) };
          break;
        }
        case 'CogVideoTextEncode': {
          // The wrapper pads T5 to 226 tokens and raises past that (nodes.py CogVideoTextEncode).
          const tokens = fakeT5Tokens(String(inputs['prompt'] ?? ''));
          if (tokens > 226)
            throw new PythonError(
              'ValueError',
              `Prompt is too long, max tokens supported is 226 or less, got ${tokens}`,
            );
          break;
        }
        case 'CogVideoSampler': {
          const src = from('image_cond_latents');
          shape = src && {
            ...src,
            frames: num('num_frames'),
            ...(fake.options.dropsFirstLatent === true ? { firstFrameOff: true } : {}),
          };
          await charge((costs.videoFrameMs * num('num_frames') * num('steps')) / 25, id, 'compute');
          break;
        }
        case 'VHS_LoadVideo': {
          const probed = await probeUpload(fake, String(inputs['video']), 'video');
          // force_rate resamples the clip first (frames dropped or repeated) and skip/cap count
          // frames after it (VHS load_video_nodes.py: int(total / fps * force_rate) frames).
          const forceRate = Number(inputs['force_rate'] ?? 0);
          const all =
            forceRate > 0
              ? {
                  ...probed,
                  fps: forceRate,
                  frames: Math.floor((probed.frames * forceRate) / probed.fps),
                }
              : probed;
          const skip = num('skip_first_frames');
          const cap = num('frame_load_cap');
          const left = Math.max(0, all.frames - skip);
          shape = {
            ...all,
            frames: cap > 0 ? Math.min(cap, left) : left,
            source: all.source && { ...all.source, skip, forceRate },
          };
          break;
        }
        case 'ImageUpscaleWithModel': {
          const src = from('image');
          const modelInput = inputs['upscale_model'];
          const loader = Array.isArray(modelInput) ? prompt[String(modelInput[0])] : undefined;
          const model = String(loader?.inputs?.['model_name'] ?? '');
          const factor = Number(/^(\d+)x/i.exec(model.split('/').pop() ?? '')?.[1] ?? '1');
          shape = src && { ...src, width: src.width * factor, height: src.height * factor };
          await charge(costOf(costs.upscaleFrameMs, model) * (src?.frames ?? 0), id, 'compute');
          break;
        }
        case 'SaveImage':
        case 'VHS_VideoCombine': {
          const src = from('images');
          if (src === undefined) throw new Error(`node ${id}: no images`);
          const prefix = String(inputs['filename_prefix']);
          const slash = prefix.lastIndexOf('/');
          const subfolder = slash < 0 ? '' : prefix.slice(0, slash);
          const base = slash < 0 ? prefix : prefix.slice(slash + 1);
          const video = classType === 'VHS_VideoCombine';
          const filename = video ? `${base}_00001.mp4` : `${base}_00001_.png`;
          const path = join(fake.dir, 'output', subfolder, filename);
          const shapeKey = JSON.stringify([
            video,
            src.width,
            src.height,
            src.frames,
            num('frame_rate'),
            src.source?.kind,
          ]);
          const earlier =
            fake.options.reuseMedia === true ? fake.mediaCache.get(shapeKey) : undefined;
          if (earlier !== undefined) {
            await mkdir(dirname(path), { recursive: true });
            await copyFile(earlier, path);
          } else if (video) await writeVideo(path, src, num('frame_rate'));
          else await writeImage(path, src);
          fake.mediaCache.set(shapeKey, path);
          const file = { filename, subfolder, type: 'output' };
          const output = video
            ? {
                gifs: [
                  {
                    ...file,
                    format: String(inputs['format']),
                    frame_rate: num('frame_rate'),
                    workflow: `${base}_00001.png`,
                    fullpath: path,
                  },
                ],
              }
            : { images: [file] };
          outputs[id] = output;
          emit('executed', { node: id, display_node: id, output });
          break;
        }
        default: {
          // Pass through the first linked input that carries pixels (decoders, encoders).
          for (const v of Object.values(inputs)) {
            const linked = Array.isArray(v) ? shapes.get(String(v[0])) : undefined;
            if (linked !== undefined) {
              shape = linked;
              break;
            }
          }
        }
      }
      if (shape !== undefined) shapes.set(id, shape);
      if (['LoadImage', 'VHS_LoadVideo', 'SaveImage', 'VHS_VideoCombine'].includes(classType)) {
        fake.ownWorkCreditMs += Date.now() - ownWorkStarted;
      }
    }
    emit('execution_success', {});
    fake.history[promptId] = historyEntry(entry, outputs, 'success', messages);
    fake.stats.completed.push({ promptId, startedAt, finishedAt: Date.now() });
    fake.stats.overheadMs +=
      Date.now() - startedAt - (fake.stats.computeMs + fake.stats.loadMs - chargedBefore);
    emit('executing', { node: null });
  } catch (error) {
    if (error instanceof Died) return;
    if (error instanceof Interrupted) {
      fake.interruptFlag = null;
      fake.stats.interrupted.push(promptId);
      emit(
        'execution_interrupted',
        { node_id: currentNode, node_type: prompt[currentNode ?? '']?.class_type, executed: [] },
        true,
      );
      fake.history[promptId] = historyEntry(entry, outputs, 'error', messages);
      emit('executing', { node: null });
      return;
    }
    emit('execution_error', {
      node_id: currentNode,
      node_type: prompt[currentNode ?? '']?.class_type,
      executed: [],
      exception_message: error instanceof PythonError ? error.message : String(error),
      exception_type: error instanceof PythonError ? error.pythonType : 'Exception',
      traceback: [],
      current_inputs: {},
      current_outputs: {},
    });
    fake.history[promptId] = historyEntry(entry, outputs, 'error', messages);
    emit('executing', { node: null });
  }
}

function historyEntry(
  entry: QueueEntry,
  outputs: Record<string, unknown>,
  status: 'success' | 'error',
  messages: Array<[string, unknown]>,
): unknown {
  return {
    prompt: [
      entry.number,
      entry.promptId,
      entry.prompt,
      { client_id: entry.clientId },
      Object.keys(outputs),
    ],
    outputs,
    status: { status_str: status, completed: status === 'success', messages },
    meta: Object.fromEntries(
      Object.keys(outputs).map((id) => [
        id,
        { node_id: id, display_node: id, parent_node: null, real_node_id: id },
      ]),
    ),
  };
}
