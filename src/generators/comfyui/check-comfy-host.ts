/**
 * What `libero doctor` (and the service) can say about a ComfyUI host before any shot is
 * queued: reachable or not, its version and GPUs, and for each template what it lacks.
 */
import { isLiberoError } from '../../shared/index.js';
import { bindTemplate } from './bind-template.js';
import { parseObjectInfo } from './comfy-protocol.js';
import type { ComfyClient } from './comfy-client.js';
import type { ComfyTemplate } from './comfy-template.js';
import { findMissing, resolveModels } from './find-missing.js';
import type { MissingItem, ModelReport } from './find-missing.js';

/** The report on one host. */
export type ComfyHostReport =
  | { readonly host: string; readonly reachable: false; readonly error: string }
  | {
      readonly host: string;
      readonly reachable: true;
      readonly version: string | null;
      readonly devices: readonly string[];
      /** Template name -> what the host lacks for it (empty: ready). */
      readonly templates: Readonly<Record<string, readonly MissingItem[]>>;
      /** Template name -> which file each of its models resolved to on this host. */
      readonly models: Readonly<Record<string, readonly ModelReport[]>>;
    };

/** Options for {@link checkComfyHost}. */
export interface CheckComfyHostOptions {
  readonly client: ComfyClient;
  readonly templates: readonly ComfyTemplate[];
  /** Parameters that name model files (the project's LoRA), bound before checking. */
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
  /** libero.json `comfyui.models`: stem -> the file to use; absent: none. */
  readonly modelPins?: Readonly<Record<string, string>>;
}

/** Asks the host for `/system_stats` and `/object_info`; never throws for an unreachable host. */
export async function checkComfyHost(options: CheckComfyHostOptions): Promise<ComfyHostReport> {
  const { client } = options;
  try {
    const stats = await client.systemStats();
    const objectInfo = await client.objectInfo();
    const templates: Record<string, MissingItem[]> = {};
    const models: Record<string, readonly ModelReport[]> = {};
    const pins = options.modelPins ?? {};
    for (const template of options.templates) {
      const workflow = bindTemplate({
        template,
        params: { prompt: 'check', ...options.params },
        inputs: Object.fromEntries(Object.keys(template.manifest.inputs).map((k) => [k, 'x'])),
      });
      const { info, malformed } = parseObjectInfo(
        objectInfo,
        Object.values(template.workflow).map((n) => n.class_type),
      );
      const check = { manifest: template.manifest, workflow, objectInfo: info, malformed, pins };
      templates[template.name] = findMissing(check);
      models[template.name] = resolveModels(check).models;
    }
    return {
      host: client.host,
      reachable: true,
      version: stats.system.comfyui_version ?? null,
      devices: stats.devices.map((d) => d.name),
      templates,
      models,
    };
  } catch (error) {
    if (!isLiberoError(error)) throw error;
    return { host: client.host, reachable: false, error: error.message };
  }
}
