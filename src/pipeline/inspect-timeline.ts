/**
 * `libero inspect`: what a timeline file holds, as the JSON contract other tools rely on
 * (issue 2) and as a short human summary. The report is a pure function of the objects;
 * `inspectTimelineFile` adds the file read. Wherever the reference raises (no available range,
 * a transition's trimmed range, ...) the field is null.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_CONFIG_FILE, parseProjectConfig } from '../config/index.js';
import { classifyClip, readClipDirectives } from '../shots/index.js';
import type { ClipClassName, PathMapping, PlaceholderRule } from '../shots/index.js';
import {
  Clip,
  ExternalReference,
  GeneratorReference,
  Item,
  LinearTimeWarp,
  RationalTime,
  SerializableCollection,
  TimeRange,
  Timeline,
  Track,
  Transition,
  flattenStack,
  rangesOfTrackChildren,
  readTimelineFile,
} from '../timeline/index.js';
import type { Composable, SerializableObject } from '../timeline/index.js';

/** `{value, rate}`. */
export interface RtJson {
  value: number;
  rate: number;
}
/** `{start_time, duration}`. */
export interface TrJson {
  start_time: RtJson;
  duration: RtJson;
}
/** One direct child of a track. */
export interface InspectItem {
  schema: string;
  name: string;
  range_in_parent: TrJson | null;
  trimmed_range: TrJson | null;
  visible_range: TrJson | null;
  available_range: TrJson | null;
  start_timecode: string | null;
  media: { schema: string; target_url: string | null; generator_kind: string | null } | null;
  markers: { name: string; color: string | null; marked_range: TrJson; comment: string }[];
  effects: { schema: string; effect_name: string; time_scalar: number | null }[];
  /**
   * What the clip is to libero (src/shots/classify-clip.ts): the class, the placeholder rule
   * that fired, why, and the media path looked for here. Null for anything but a clip.
   */
  libero: {
    class: ClipClassName;
    rule: PlaceholderRule | null;
    reason: string;
    path: string | null;
  } | null;
}
/** One child of `timeline.tracks`. */
export interface InspectTrack {
  name: string;
  kind: string | null;
  duration: RtJson | null;
  items: InspectItem[];
}
/** One timeline. */
export interface InspectTimeline {
  name: string;
  global_start_time: RtJson | null;
  duration: RtJson | null;
  tracks: InspectTrack[];
  flattened_video: { schema: string; name: string; range_in_parent: TrJson | null }[];
}
/** The whole `inspect --json` document. */
export interface InspectReport {
  schema: string;
  timelines: InspectTimeline[];
}

function rt(t: RationalTime): RtJson {
  return { value: t.value, rate: t.rate };
}

function tr(r: TimeRange | null): TrJson | null {
  return r === null ? null : { start_time: rt(r.startTime), duration: rt(r.duration) };
}

/** The value, or null when the reference would raise. */
function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** What classifying a clip needs from outside: the path map, the timeline's folder, the disk. */
export interface InspectMediaContext {
  readonly pathMap: readonly PathMapping[];
  readonly timelineDir: string;
  readonly fileExists: (path: string) => boolean;
}

/** The JSON report of a top object (a Timeline, a SerializableCollection, anything else). */
export function inspectReport(top: SerializableObject, media: InspectMediaContext): InspectReport {
  return {
    schema: top.schema,
    timelines: timelinesIn(top).map((tl) => inspectOneTimeline(tl, media)),
  };
}

function timelinesIn(o: SerializableObject | null): Timeline[] {
  if (o instanceof Timeline) return [o];
  if (o instanceof SerializableCollection) return o.children.flatMap(timelinesIn);
  return [];
}

function inspectOneTimeline(tl: Timeline, media: InspectMediaContext): InspectTimeline {
  return {
    name: tl.name,
    global_start_time: tl.globalStartTime === null ? null : rt(tl.globalStartTime),
    duration: attempt(() => rt(tl.duration())),
    tracks: tl.tracks.children.map((c) => inspectTrack(c, media)),
    flattened_video:
      attempt(() => {
        const flat = flattenStack(tl.videoTracks());
        const ranges = rangesOfTrackChildren(flat);
        return flat.children.map((c, i) => ({
          schema: c.schema,
          name: c.name,
          range_in_parent: tr(ranges[i] ?? null),
        }));
      }) ?? [],
  };
}

function inspectTrack(child: Composable, media: InspectMediaContext): InspectTrack {
  const kind = child instanceof Track ? child.kind : null;
  if (!(child instanceof Track))
    return { name: child.name, kind, duration: attempt(() => rt(child.duration())), items: [] };
  const ranges = rangesOfTrackChildren(child);
  const children = child.children;
  return {
    name: child.name,
    kind,
    duration: attempt(() => rt(child.duration())),
    items: children.map((c, i) =>
      inspectItem({
        child: c,
        range: ranges[i] ?? null,
        before: children[i - 1] ?? null,
        after: children[i + 1] ?? null,
        media,
      }),
    ),
  };
}

function inspectItem(options: {
  child: Composable;
  range: TimeRange | null;
  before: Composable | null;
  after: Composable | null;
  media: InspectMediaContext;
}): InspectItem {
  const { child, range } = options;
  const item = child instanceof Item ? child : null;
  const trimmed = item === null ? null : attempt(() => item.trimmedRange());
  // visible_range: the trimmed range widened by neighbouring transitions (Item.visibleRange
  // with the neighbours already known, so a long track stays O(n)).
  let visible: TimeRange | null = null;
  if (trimmed !== null) {
    visible = trimmed;
    if (options.before instanceof Transition) {
      const head = options.before.inOffset;
      visible = new TimeRange(visible.startTime.subtract(head), visible.duration.add(head));
    }
    if (options.after instanceof Transition)
      visible = new TimeRange(visible.startTime, visible.duration.add(options.after.outOffset));
  }
  const media = child instanceof Clip ? child.mediaReference : null;
  return {
    schema: child.schema,
    name: child.name,
    range_in_parent: tr(range),
    trimmed_range: tr(trimmed),
    visible_range: tr(visible),
    available_range: item === null ? null : tr(attempt(() => item.availableRange())),
    start_timecode: trimmed === null ? null : attempt(() => trimmed.startTime.toTimecode()),
    media:
      media === null
        ? null
        : {
            schema: media.schema,
            // The reference reports target_url only for an ExternalReference (an image
            // sequence's is null: its files are target_url_base + name_prefix + frame + suffix).
            target_url: media instanceof ExternalReference ? media.targetUrl : null,
            generator_kind: media instanceof GeneratorReference ? media.generatorKind : null,
          },
    markers: (item?.markers ?? []).map((m) => ({
      name: m.name,
      color: m.color === null ? null : m.color.name,
      marked_range: tr(m.markedRange) as TrJson,
      comment: m.comment,
    })),
    effects: (item?.effects ?? []).map((e) => ({
      schema: e.schema,
      effect_name: e.effectName,
      time_scalar: e instanceof LinearTimeWarp ? e.timeScalar : null,
    })),
    libero: child instanceof Clip ? liberoClass(child, options.media) : null,
  };
}

function liberoClass(clip: Clip, media: InspectMediaContext): InspectItem['libero'] {
  const found = classifyClip({
    clip,
    directives: readClipDirectives(clip),
    pathMap: media.pathMap,
    timelineDir: media.timelineDir,
    fileExists: media.fileExists,
  });
  return {
    class: found.class,
    rule: found.class === 'placeholder' ? found.rule : null,
    reason: found.reason,
    path:
      found.class === 'offline' || found.class === 'ready'
        ? found.localPath === ''
          ? null
          : found.localPath
        : null,
  };
}

/**
 * The media context of a timeline file: `paths.map` from the `libero.json` beside it (when
 * there is one), its folder, and this machine's disk.
 */
export async function inspectMediaContextFor(path: string): Promise<InspectMediaContext> {
  const file = resolve(path);
  const configFile = join(dirname(file), PROJECT_CONFIG_FILE);
  let json: unknown = undefined;
  try {
    json = JSON.parse(await readFile(configFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError))
      throw error;
  }
  const pathMap =
    json === undefined ? [] : parseProjectConfig({ json, file: configFile }).paths.map;
  return { pathMap, timelineDir: dirname(file), fileExists: existsSync };
}

/** Reads a timeline file and reports on it. */
export async function inspectTimelineFile(path: string): Promise<InspectReport> {
  return inspectReport(await readTimelineFile(path), await inspectMediaContextFor(path));
}

/**
 * A short human summary: per timeline its duration in timecode and tracks; per clip its class
 * and why (placeholder and the rule that fired, offline and the path, title/effect, ready);
 * totals of the video tracks, which `generate` counts the same way.
 */
export function formatInspectSummary(report: InspectReport, file: string): string[] {
  const lines = [`${file}: ${report.schema}, ${report.timelines.length} timeline(s)`];
  for (const t of report.timelines) {
    const d = t.duration;
    const start = t.global_start_time;
    lines.push(
      `timeline "${t.name}": duration ${d === null ? '?' : timecodeOf(d)}${start === null ? '' : `, starts at ${timecodeOf(start)}`}`,
    );
    const totals = { placeholder: 0, offline: 0, 'title-effect': 0, ready: 0 };
    for (const k of t.tracks) {
      const clips = k.items.filter((i) => i.libero !== null);
      lines.push(
        `  ${(k.kind ?? 'Stack').padEnd(6)} "${k.name}": ${clips.length} clip(s), ${k.items.length} item(s), ${k.duration === null ? '?' : timecodeOf(k.duration)}`,
      );
      for (const c of clips) {
        const l = c.libero as NonNullable<InspectItem['libero']>;
        if (k.kind === 'Video') totals[l.class] += 1;
        const at =
          c.range_in_parent === null ? '' : ` at ${timecodeOf(c.range_in_parent.start_time)}`;
        lines.push(
          `    ${l.class}${l.rule === null ? '' : ` (${l.rule})`}: ${JSON.stringify(c.name)}${at}: ${l.reason}`,
        );
      }
    }
    lines.push(
      `  video clips: ${totals.placeholder} placeholder(s) libero fills, ${totals.offline} offline (the editor's media, not on this machine; never generated), ${totals['title-effect']} title/effect, ${totals.ready} ready`,
    );
  }
  return lines;
}

function timecodeOf(t: RtJson): string {
  return attempt(() => new RationalTime(t.value, t.rate).toTimecode()) ?? `${t.value}@${t.rate}`;
}
