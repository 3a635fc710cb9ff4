/** Prints pipeline events as plain lines (one per finished step), and the closing summary. */
import type { GenerateResult } from '../../pipeline/generate-project.js';
import type { PipelineEvent } from '../../pipeline/pipeline-event.js';

/** A line for an event, or null for events not worth a line. */
export function describeEvent(event: PipelineEvent): string | null {
  switch (event.type) {
    case 'shots-found':
      return `found ${event.shots} shot(s)${event.needsPrompt.length > 0 ? `, ${event.needsPrompt.length} placeholder(s) need a prompt` : ''}`;
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
        : `  ${event.shotId.padEnd(12)} take ${event.take} QC ${event.score}: ${event.faults.map((f) => `${f.kind} at frame ${f.startFrame}`).join(', ')}`;
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
  for (const p of result.needsPrompt)
    lines.push(`  needs a prompt: clip "${p.clipName}" on track ${p.trackName} (not generated)`);
  for (const p of result.problems) lines.push(`  warning: clip "${p.clipName}": ${p.message}`);
  for (const line of result.faultsInCut) lines.push(`  ${line}`);
  return lines;
}
