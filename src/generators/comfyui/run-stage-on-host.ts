/**
 * Runs one stage on one ComfyUI host: checks the host has every node class and model file the
 * template needs (never queues otherwise), uploads the inputs, binds and queues the workflow
 * (one prompt per frame batch for batched templates), follows it, downloads the output into
 * the stage's folder, and records what made it.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { probeMedia, runFfmpeg } from '../../media/index.js';
import { LiberoError } from '../../shared/index.js';
import type { RunStageOptions, StageRequest, StageResult } from '../generator-backend.js';
import { upscaleHandles, usedRange } from '../upscale-window.js';
import type { ApiWorkflow } from './api-workflow.js';
import { bindTemplate } from './bind-template.js';
import type { ComfyClient, HostFile } from './comfy-client.js';
import { parseObjectInfo } from './comfy-protocol.js';
import type { RawObjectInfo } from './comfy-protocol.js';
import type { ComfyTemplate } from './comfy-template.js';
import { describeMissing, findMissing, resolveModels } from './find-missing.js';
import { checkFirstFrame } from './first-frame-check.js';
import { frameBatches } from './frame-batches.js';
import type { FrameBatch } from './frame-batches.js';
import { runPrompt } from './run-prompt.js';
import type { PromptTiming } from './run-prompt.js';

/** A host with what we learnt about it. */
export interface ComfyHost {
  readonly client: ComfyClient;
  /** `GET /object_info` (classes unread), fetched on first use and after the host comes back. */
  objectInfo: RawObjectInfo | null;
}

/** Options for {@link runStageOnHost}. */
export interface RunStageOnHostOptions extends RunStageOptions {
  readonly host: ComfyHost;
  readonly template: ComfyTemplate;
  readonly request: StageRequest;
  readonly timing: PromptTiming;
  /** Frames kept each side of the used range when upscaling (default 12). */
  readonly handles: number;
  /** libero.json `comfyui.models`: stem -> the file to use on every host; absent: none. */
  readonly modelPins?: Readonly<Record<string, string>>;
}

function hostName(file: HostFile): string {
  return file.subfolder === '' ? file.filename : `${file.subfolder}/${file.filename}`;
}

/**
 * Frames of a clip, counted at `atFps` when given: the upscale reads a 16 fps clip at 12 through
 * VHS_LoadVideo `force_rate`, which yields int(frames / fps * force_rate) frames and counts
 * `skip_first_frames` in them (VideoHelperSuite load_video_nodes.py).
 */
async function clipFrames(path: string, atFps: number | null): Promise<number> {
  const probed = await probeMedia(path);
  const video = probed.streams.find((s) => s.kind === 'video');
  const rate = video?.frameRate;
  const native = rate != null && rate.den !== 0 ? rate.num / rate.den : null;
  const resample = (frames: number): number =>
    atFps === null || native === null ? frames : Math.floor((frames * atFps) / native);
  if (video?.frameCount != null) return resample(video.frameCount);
  const duration = video?.duration ?? probed.duration;
  if (native !== null && duration != null) return resample(Math.round(duration * native));
  throw new LiberoError('FFPROBE_FAILED', `cannot tell how many frames ${path} has.`, {
    details: { file: path },
  });
}

/** Runs the stage; rejects with a COMFY_* LiberoError (see retry-policy for what moves). */
export async function runStageOnHost(options: RunStageOnHostOptions): Promise<StageResult> {
  const { host, template, request, signal } = options;
  const { client } = host;
  const { manifest } = template;
  const startedAt = new Date().toISOString();
  const fresh = host.objectInfo === null;
  host.objectInfo ??= await client.objectInfo(signal);

  // Check before uploading anything: bind with placeholder input names first.
  const probe = bindTemplate({
    template,
    params: request.params,
    inputs: Object.fromEntries(Object.keys(manifest.inputs).map((k) => [k, 'placeholder'])),
  });
  const pins = options.modelPins ?? {};
  const classes = Object.values(template.workflow).map((n) => n.class_type);
  const check = () => {
    const { info, malformed } = parseObjectInfo(host.objectInfo ?? {}, classes);
    return {
      objectInfo: info,
      missing: findMissing({ manifest, workflow: probe, objectInfo: info, malformed, pins }),
    };
  };
  let { objectInfo, missing } = check();
  if (missing.length > 0 && !fresh) {
    // What the host lacked when first asked may be there now (a model that was still
    // downloading, a node pack installed since): ask again before refusing.
    host.objectInfo = await client.objectInfo(signal);
    ({ objectInfo, missing } = check());
  }
  if (missing.length > 0) {
    throw new LiberoError(
      'COMFY_MISSING_NODES',
      `ComfyUI host ${client.host} cannot run template "${template.name}" for shot ${request.shotId}: it lacks ${describeMissing(missing)}.`,
      { details: { host: client.host, template: template.name, shotId: request.shotId, missing } },
    );
  }

  const uploaded: Partial<Record<'image' | 'video', string>> = {};
  for (const name of Object.keys(manifest.inputs) as Array<'image' | 'video'>) {
    const path = request.inputs[name];
    if (path === undefined) {
      throw new LiberoError(
        'COMFY_TEMPLATE_INVALID',
        `template "${template.name}" needs an input ${name} for shot ${request.shotId}.`,
        {
          details: { template: template.name, shotId: request.shotId, input: name },
        },
      );
    }
    const file = await client.upload({
      name: `${request.key}${extname(path)}`,
      bytes: await readFile(path),
      signal,
    });
    uploaded[name] = hostName(file);
  }

  let batches: Array<FrameBatch | null> = [null];
  if (manifest.batch !== null) {
    const video = request.inputs.video;
    const fps = request.params['fps'];
    const total =
      video === undefined ? 0 : await clipFrames(video, typeof fps === 'number' ? fps : null);
    const size = request.params['batchSize'];
    batches = frameBatches({
      total,
      used: usedRange(request.params),
      handles: upscaleHandles(request.params, options.handles),
      batchSize: typeof size === 'number' ? size : manifest.batch.defaultSize,
    });
  }

  // Every batch is queued at once: the host runs them back to back with no idle gap, and
  // the downloads of finished batches overlap the GPU work of the next ones.
  const group = new AbortController();
  const onAbort = (): void => group.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const fractions = batches.map(() => 0);
  const runBatch = async (batch: FrameBatch | null, index: number) => {
    const params: Record<string, string | number | boolean | null> = {
      ...request.params,
      filenamePrefix: `libero/${request.key}${batch === null ? '' : `-b${index}`}`,
    };
    if (batch !== null && manifest.batch !== null) {
      params[manifest.batch.startParam] = batch.start;
      params[manifest.batch.sizeParam] = batch.count;
    }
    // Model inputs name the file this host lists (`upscale/x.safetensors` for `x.pth`).
    const { workflow } = resolveModels({
      manifest,
      workflow: bindTemplate({ template, params, inputs: uploaded }),
      objectInfo,
      pins,
    });
    const promptId = randomUUID();
    const outcome = await runPrompt({
      client,
      workflow,
      template: template.name,
      promptId,
      clientId: `libero-${randomUUID()}`,
      output: { node: manifest.output.node, key: manifest.output.key },
      loaderNodes: manifest.models.map((m) => m.node),
      timing: options.timing,
      signal: group.signal,
      onProgress:
        options.onProgress === null
          ? null
          : (fraction, message) => {
              fractions[index] = fraction;
              options.onProgress?.({
                shotId: request.shotId,
                stage: request.stage,
                fraction: fractions.reduce((a, b) => a + b, 0) / batches.length,
                message: `${client.host}: ${message}`,
              });
            },
    });
    const file = outcome.files[0] as HostFile;
    const bytes = await client.view(file, group.signal);
    const part = join(
      request.outputDir,
      `${request.stage}${batch === null ? '' : `-b${index}`}${extname(file.filename)}`,
    );
    await writeFile(part, bytes);
    return { workflow, promptId: outcome.promptId, part };
  };
  let done: Array<{ workflow: ApiWorkflow; promptId: string; part: string }>;
  try {
    done = await Promise.all(
      batches.map((batch, index) =>
        runBatch(batch, index).catch((error: unknown) => {
          group.abort(error); // stop (only) our other batches on this host
          throw error;
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const promptIds = done.map((d) => d.promptId);
  const workflows = done.map((d) => d.workflow);
  const parts = done.map((d) => d.part);

  let output = parts[0] as string;
  if (parts.length > 1) {
    // Every batch comes from the same encoder settings, so the concat demuxer can copy.
    const list = join(request.outputDir, `${request.stage}-batches.txt`);
    await writeFile(list, parts.map((p) => `file '${basename(p)}'`).join('\n') + '\n');
    output = join(request.outputDir, `${request.stage}${extname(output)}`);
    await runFfmpeg({
      job: {
        inputs: [{ source: list, options: ['-f', 'concat', '-safe', '0'] }],
        filterComplex: null,
        outputs: [{ target: output, options: ['-c', 'copy'] }],
      },
      signal,
      onProgress: null,
    });
  }
  await writeFile(
    join(request.outputDir, `${request.stage}.workflow.json`),
    JSON.stringify(workflows, null, 1),
  );
  // A video's frame 0 should be its input still (see first-frame-check.ts); chained segments
  // are joined by it, so the runner reads this fact before dropping a repeated frame.
  const image = request.inputs.image;
  const firstFrame =
    manifest.output.media === 'video' && image !== undefined
      ? await checkFirstFrame({ video: output, still: image, signal })
      : null;
  const models = manifest.models.flatMap((m) => {
    const value = workflows[0]?.[m.node]?.inputs[m.input];
    return typeof value === 'string' ? [value] : [];
  });
  return {
    file: output,
    host: client.host,
    provenance: {
      template: template.name,
      templateVersion: template.version,
      modelSet: manifest.modelSet,
      models,
      promptIds,
      batches: batches.filter((b) => b !== null),
      uploaded,
      ...(firstFrame === null ? {} : { firstFrame }),
    },
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}
