/**
 * Merges a shot's layers into its ShotSpec, in rising priority: the project's defaults
 * (`libero.json`), the clip's name, its `metadata.libero`, its markers.
 */
import { createHash } from 'node:crypto';
import type { ProjectConfig } from '../config/index.js';
import type { ClipDirectives, DirectiveProblem, ShotDirectives } from './clip-directives.js';
import type { ShotLora, ShotSpec } from './shot-spec.js';

/** Options for {@link resolveShotSpec}. */
export interface ResolveShotSpecOptions {
  readonly shotId: string;
  readonly clipName: string;
  readonly directives: ClipDirectives;
  readonly config: ProjectConfig;
  /** Frames of media the clip needs (its source range's exclusive end), at `durationRate`. */
  readonly durationFrames: number;
  readonly durationRate: number;
}

/** The spec, or null when no layer gives a prompt; plus problems found while merging. */
export interface ResolvedShotSpec {
  readonly spec: ShotSpec | null;
  readonly problems: readonly DirectiveProblem[];
}

function merged(d: ClipDirectives): ShotDirectives {
  return { ...d.fromName, ...d.fromMetadata, ...d.fromMarkers };
}

/** Puts the style prefix in front unless the prompt already starts with its first phrase. */
export function applyStylePrefix(prompt: string, prefix: string): string {
  const p = prefix.trim();
  if (p === '') return prompt;
  const head = (p.split(',')[0] ?? p).trim().toLowerCase();
  if (head !== '' && prompt.trim().toLowerCase().startsWith(head)) return prompt;
  return `${p} ${prompt}`;
}

/** Adds the trigger words unless the prompt already contains them. */
export function applyTriggerWords(prompt: string, words: string): string {
  const w = words.trim();
  if (w === '' || prompt.toLowerCase().includes(w.toLowerCase())) return prompt;
  return `${prompt.replace(/[\s,.]+$/, '')}, ${w}`;
}

/** A seed for shots that name none: the default seed varied by the shot id (stable). */
export function defaultSeedFor(shotId: string, defaultSeed: number): number {
  const n = createHash('sha256').update(shotId).digest().readUInt32BE(0);
  return (defaultSeed + n) % Number.MAX_SAFE_INTEGER;
}

/** Resolves one shot's spec. */
export function resolveShotSpec(options: ResolveShotSpecOptions): ResolvedShotSpec {
  const { config, directives, shotId, clipName } = options;
  const d = merged(directives);
  const problems: DirectiveProblem[] = [...directives.problems];
  const rawPrompt = [d.prompt?.trim().replace(/[\s,.]+$/, '') ?? '', ...directives.promptAdditions]
    .filter((part) => part !== '')
    .join(', ');
  if (rawPrompt === '') return { spec: null, problems };

  let prompt = applyStylePrefix(rawPrompt, config.stylePrefix);
  if (d.character === true) prompt = applyTriggerWords(prompt, config.triggerWords);

  let seed: number;
  let seedGroup: string | null = null;
  if (d.seed !== undefined) seed = d.seed;
  else if (d.seedGroup !== undefined && Object.hasOwn(config.seedGroups, d.seedGroup)) {
    seedGroup = d.seedGroup;
    seed = config.seedGroups[d.seedGroup] as number;
  } else {
    if (d.seedGroup !== undefined)
      problems.push({
        clipName,
        message: `seed group "${d.seedGroup}" is not in libero.json's seedGroups (${Object.keys(config.seedGroups).join(', ') || 'none'}); using the default seed`,
      });
    seed = defaultSeedFor(shotId, config.defaultSeed);
  }

  let lora: ShotLora | null = config.lora;
  if (d.lora === null) lora = null;
  else if (d.lora !== undefined)
    lora = {
      name: d.lora.name,
      strengthModel: d.lora.strengthModel ?? config.lora?.strengthModel ?? 1,
      strengthClip: d.lora.strengthClip ?? config.lora?.strengthClip ?? 1,
    };

  const spec: ShotSpec = {
    shotId,
    clipName,
    scene: d.scene ?? null,
    prompt,
    negativePrompt: d.negativePrompt ?? config.negativePrompt,
    motion: d.motion ?? '',
    videoNegativePrompt: config.videoNegativePrompt,
    seed,
    seedGroup,
    lora,
    durationFrames: options.durationFrames,
    durationRate: options.durationRate,
    fps: d.fps ?? config.generatedFps,
    width: d.width ?? config.stillWidth,
    height: d.height ?? config.stillHeight,
    upscaleFactor: config.upscaleFactor,
    templates: {
      still: d.templates?.still ?? config.templates.still ?? null,
      video: d.templates?.video ?? config.templates.video ?? null,
      upscale: d.templates?.upscale ?? config.templates.upscale ?? null,
    },
    regen: directives.regen,
  };
  return { spec, problems };
}
