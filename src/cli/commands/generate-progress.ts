/**
 * Generate progress for a human: pipeline events as plain lines (one per finished step), bars on a
 * terminal (`generateProgressView`), and the closing summary.
 */
import cliProgress from 'cli-progress';
import type { GenerateResult } from '../../pipeline/generate-project.js';
import type { PipelineEvent } from '../../pipeline/pipeline-event.js';

/** A line for an event, or null for events not worth a line. */
export function describeEvent(event: PipelineEvent): string | null {
  switch (event.type) {
    case 'shots-found':
      return `found ${event.shots} shot(s)${event.needsPrompt.length > 0 ? `, ${event.needsPrompt.length} placeholder(s) need a prompt` : ''}${event.offline.length > 0 ? `, ${event.offline.length} clip(s) of offline media (not shots)` : ''}`;
    case 'changes': {
      const lines = event.changes
        .filter((c) => c.kind !== 'unchanged')
        .map(
          (c) =>
            `  ${c.shotId.padEnd(12)} ${c.kind}${c.fields.length > 0 ? ` (${c.fields.join(', ')})` : ''}`,
        );
      return lines.length === 0 ? null : ['changes since the last pass:', ...lines].join('\n');
    }
    case 'plan-ready':
      return event.stepsToRun === 0
        ? 'nothing to generate: every shot is in the cache'
        : `${event.stepsToRun} step(s) to run`;
    case 'step-done':
      return `  ${event.shotId.padEnd(12)} ${event.kind.padEnd(10)} ${event.seconds.toFixed(1)} s  (${event.host})`;
    case 'step-failed':
      return `  ${event.shotId.padEnd(12)} ${event.kind.padEnd(10)} FAILED: ${event.error.message}`;
    case 'take-added':
      return `  ${event.shotId.padEnd(12)} new take ${event.take}: ${event.file}`;
    case 'take-qc':
      return event.faults.length === 0
        ? null
        : `  ${event.shotId.padEnd(12)} take ${event.take} QC ${event.score}: ${event.faults.map((f) => `${f.kind} at frame ${f.startFrame}${f.inCut ? ` (in the cut at ${f.timecode})` : ''}`).join(', ')}`;
    case 'shot-degraded':
      return `  ${event.shotId.padEnd(12)} stand-in take (${event.reason}): ${event.file}`;
    case 'conformed':
      return `wrote ${event.file}`;
    case 'step-cached':
    case 'step-started':
    case 'step-progress':
    case 'shot-done':
    case 'shot-failed':
      return null;
    default: {
      const never: never = event;
      return String(never);
    }
  }
}

/** The summary lines after a run. */
export function describeResult(result: GenerateResult): string[] {
  const count = (status: string): number => result.shots.filter((s) => s.status === status).length;
  const lines = [
    `shots: ${count('generated')} generated, ${count('cached')} already done, ${count('failed')} failed; steps run ${result.ran}, from cache ${result.cached}; ${result.seconds.toFixed(1)} s`,
  ];
  for (const shot of result.shots)
    if (shot.error !== null) lines.push(`  failed: ${shot.shotId}: ${shot.error.message}`);
  for (const shot of result.shots)
    if (shot.degraded !== null)
      lines.push(
        `  degraded: ${shot.shotId}: its take is the video scaled to the delivery size (${shot.degraded}); the next run upscales it`,
      );
  for (const p of result.needsPrompt)
    lines.push(`  needs a prompt: clip "${p.clipName}" on track ${p.trackName} (not generated)`);
  if (result.offline.length > 0) {
    lines.push(
      `  offline media: ${result.offline.length} clip(s) whose files are not on this machine (never generated; map the editor's folders with paths.map in libero.json, see \`libero doctor TIMELINE\`):`,
    );
    for (const o of result.offline.slice(0, 10))
      lines.push(`    clip "${o.clipName}" on track ${o.trackName}: ${o.editorPath}`);
    if (result.offline.length > 10) lines.push(`    ... and ${result.offline.length - 10} more`);
  }
  for (const p of result.problems) lines.push(`  warning: clip "${p.clipName}": ${p.message}`);
  for (const line of result.faultsInCut) lines.push(`  ${line}`);
  return lines;
}

/** A sink for pipeline events and its closing call. */
export interface GenerateProgressView {
  readonly onEvent: (event: PipelineEvent) => void;
  /** Stops the bars (idempotent); lines printed afterwards go below them. */
  readonly stop: () => void;
}

/** Options for {@link generateProgressView}. */
export interface GenerateProgressViewOptions {
  /** Bars (redrawn in place) when true; plain lines otherwise (logs, CI, pipes). */
  readonly tty: boolean;
  /** Where the plain lines go. */
  readonly write: (line: string) => void;
  /** Where the bars are drawn (a terminal); default process.stderr. */
  readonly stream?: NodeJS.WritableStream;
}

interface ShotProgress {
  readonly total: number;
  done: number;
  fraction: number;
  stage: string;
  bar: cliProgress.SingleBar | null;
}

/**
 * Per-shot and overall progress of a generate run. On a terminal: an overall bar (steps, with
 * running steps' fractions, ETA) and one bar per shot at work (its stage and percent), with the
 * event lines printed above them. Otherwise the event lines, each finished step with the overall
 * count (`[3/12]`), and an overall percent line at every 10 %.
 */
export function generateProgressView(options: GenerateProgressViewOptions): GenerateProgressView {
  const shots = new Map<string, ShotProgress>();
  let total = 0;
  let multi: cliProgress.MultiBar | null = null;
  let overall: cliProgress.SingleBar | null = null;
  let lastTenth = 0;

  const doneSteps = (): number => [...shots.values()].reduce((n, s) => n + s.done, 0);
  const progressValue = (): number =>
    [...shots.values()].reduce((n, s) => n + Math.min(s.total, s.done + s.fraction), 0);
  // Lines logged above the bars are drawn at the next redraw; those still waiting at stop() are
  // written after the bars (cli-progress drops them otherwise).
  let pending: string[] = [];
  const print = (line: string): void => {
    if (multi === null) options.write(line);
    else {
      pending.push(line);
      multi.log(line + '\n');
    }
  };
  const redraw = (shotId: string): void => {
    const shot = shots.get(shotId);
    if (multi === null || shot === undefined) return;
    const value = Math.min(shot.total, shot.done + shot.fraction);
    const payload = { name: shotId.padEnd(12), stage: shot.stage.padEnd(8) };
    if (shot.bar === null) shot.bar = multi.create(shot.total, value, payload);
    else shot.bar.update(value, payload);
    overall?.update(progressValue(), { name: 'overall'.padEnd(12), stage: ''.padEnd(8) });
  };
  const plainOverall = (): void => {
    if (multi !== null || total === 0) return;
    const tenth = Math.floor((10 * doneSteps()) / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      options.write(`overall ${tenth * 10}% (${doneSteps()}/${total} steps)`);
    }
  };
  const finishStep = (shotId: string, kind: string): void => {
    const shot = shots.get(shotId);
    if (shot === undefined) return;
    shot.done = Math.min(shot.total, shot.done + 1);
    shot.fraction = 0;
    shot.stage = kind;
    redraw(shotId);
  };

  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'plan-ready':
          total = event.stepsToRun;
          for (const s of event.shots)
            if (s.missing.length > 0)
              shots.set(s.shotId, {
                total: s.missing.length,
                done: 0,
                fraction: 0,
                stage: 'queued',
                bar: null,
              });
          if (options.tty && total > 0) {
            multi = new cliProgress.MultiBar(
              {
                format:
                  '{name} [{bar}] {percentage}% | {stage} | {value}/{total} steps | ETA {eta_formatted}',
                hideCursor: true,
                clearOnComplete: false,
                etaBuffer: 20,
                ...(options.stream === undefined ? {} : { stream: options.stream }),
              },
              cliProgress.Presets.shades_classic,
            );
            multi.on('redraw-pre', () => {
              pending = [];
            });
            overall = multi.create(total, 0, { name: 'overall'.padEnd(12), stage: ''.padEnd(8) });
          }
          break;
        case 'step-started': {
          const shot = shots.get(event.shotId);
          if (shot !== undefined) {
            shot.stage = event.kind;
            shot.fraction = 0;
            redraw(event.shotId);
          }
          return;
        }
        case 'step-progress': {
          const shot = shots.get(event.shotId);
          if (shot !== undefined) {
            shot.fraction = Math.max(0, Math.min(0.999, event.fraction));
            redraw(event.shotId);
          }
          return;
        }
        case 'step-done': {
          finishStep(event.shotId, event.kind);
          const line = describeEvent(event);
          if (line !== null)
            print(multi === null && total > 0 ? `${line}  [${doneSteps()}/${total}]` : line);
          plainOverall();
          return;
        }
        case 'step-cached':
          if (shots.has(event.shotId)) {
            finishStep(event.shotId, event.kind);
            plainOverall();
          }
          return;
        case 'shot-done':
        case 'shot-failed': {
          const shot = shots.get(event.shotId);
          if (shot !== undefined) {
            shot.stage = event.type === 'shot-done' ? 'done' : 'FAILED';
            redraw(event.shotId);
          }
          break;
        }
        default:
          break;
      }
      const line = describeEvent(event);
      if (line !== null) print(line);
    },
    stop: () => {
      if (multi === null) return;
      multi.stop();
      multi = null;
      overall = null;
      for (const line of pending) options.write(line);
      pending = [];
    },
  };
}
