import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../pipeline/pipeline-event.js';
import { generateProgressView } from './generate-progress.js';

// Two shots, three steps each (still, video, upscale): what generateProject emits, in order.
function run(): PipelineEvent[] {
  const events: PipelineEvent[] = [
    {
      type: 'plan-ready',
      shots: [
        { shotId: 'sc01', missing: ['still', 'video', 'upscale'], reusesTake: null },
        { shotId: 'sc02', missing: ['still', 'video', 'upscale'], reusesTake: null },
        { shotId: 'sc03', missing: [], reusesTake: null },
      ],
      stepsToRun: 6,
    },
  ];
  for (const shotId of ['sc01', 'sc02'])
    for (const kind of ['still', 'video', 'upscale'] as const) {
      events.push({ type: 'step-started', shotId, kind, key: `${shotId}-${kind}`, host: 'draft' });
      events.push({ type: 'step-progress', shotId, kind, key: `${shotId}-${kind}`, fraction: 0.5 });
      events.push({
        type: 'step-done',
        shotId,
        kind,
        key: `${shotId}-${kind}`,
        file: `/c/${shotId}-${kind}`,
        seconds: 1.5,
        host: 'draft',
      } as PipelineEvent);
    }
  return events;
}

describe('generateProgressView', () => {
  it('prints plain lines off a terminal: each step with the overall count, and overall percents', () => {
    const lines: string[] = [];
    const view = generateProgressView({ tty: false, write: (l) => lines.push(l) });
    for (const event of run()) view.onEvent(event);
    view.stop();
    expect(lines[0]).toBe('6 step(s) to run');
    expect(lines).toContain('  sc01         still      1.5 s  (draft)  [1/6]');
    expect(lines).toContain('  sc02         upscale    1.5 s  (draft)  [6/6]');
    expect(lines.filter((l) => l.startsWith('overall '))).toEqual([
      'overall 10% (1/6 steps)',
      'overall 30% (2/6 steps)',
      'overall 50% (3/6 steps)',
      'overall 60% (4/6 steps)',
      'overall 80% (5/6 steps)',
      'overall 100% (6/6 steps)',
    ]);
    // no escape codes off a terminal
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('draws an overall bar and one bar per shot on a terminal, event lines above them', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    let drawn = '';
    stream.on('data', (chunk: Buffer) => {
      drawn += chunk.toString();
    });
    const plain: string[] = [];
    const view = generateProgressView({ tty: true, write: (l) => plain.push(l), stream });
    const events = run();
    // up to sc01's video at 50 %
    for (const event of events.slice(0, 6)) view.onEvent(event);
    view.stop();
    expect(drawn).toMatch(/overall\s+\[[^\]]+\] 25% \|\s+\| 1\.5\/6 steps/);
    expect(drawn).toMatch(/sc01\s+\[[^\]]+\] 50% \| video\s+\| 1\.5\/3 steps/);
    // the finished step's line: drawn above the bars, or written after them when stopped first
    expect([drawn, ...plain].join('\n')).toContain('  sc01         still      1.5 s  (draft)');
    // sc02 has not started: no bar for it yet
    expect(drawn).not.toMatch(/sc02\s+\[/);
  });
});
