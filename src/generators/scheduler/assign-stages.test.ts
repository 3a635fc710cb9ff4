import { describe, expect, it } from 'vitest';
import { assignStages } from './assign-stages.js';
import type { IdleHost, WaitingStage } from './assign-stages.js';

const MODEL = { still: 'flux', video: 'cog', upscale: 'hat' } as const;
let nextId = 1;
function stage(
  shotId: string,
  kind: WaitingStage['stage'],
  extra: Partial<WaitingStage> = {},
): WaitingStage {
  return {
    id: nextId++,
    shotId,
    stage: kind,
    template: kind,
    modelSet: MODEL[kind],
    priority: 0,
    weight: 0,
    excludedHosts: new Set(),
    ...extra,
  };
}
function host(url: string, loadedModelSet: string | null, lacks: string[] = []): IdleHost {
  return { url, loadedModelSet, lacks: new Set(lacks), onlyPriority: false };
}
const shotsOf = (waiting: WaitingStage[], assignment: { stageId: number }[]) =>
  assignment.map((a) => {
    const s = waiting.find((w) => w.id === a.stageId)!;
    return `${s.shotId}:${s.stage}`;
  });

describe('assignStages', () => {
  it('keeps a host on its loaded model (no swap) before stage order', () => {
    const waiting = [stage('a', 'video'), stage('b', 'upscale')];
    const out = assignStages({ earlierFirst: false, waiting, idle: [host('h1', 'hat')] });
    expect(shotsOf(waiting, out)).toEqual(['b:upscale']);
  });

  it('with several hosts, releases dependent work before keeping the loaded model', () => {
    const waiting = [stage('a', 'upscale'), stage('b', 'video')];
    const out = assignStages({ earlierFirst: true, waiting, idle: [host('h1', 'hat')] });
    expect(shotsOf(waiting, out)).toEqual(['b:video']);
  });

  it('takes the heaviest stage of a kind first', () => {
    const waiting = [stage('a', 'upscale', { weight: 20 }), stage('b', 'upscale', { weight: 129 })];
    expect(
      shotsOf(waiting, assignStages({ earlierFirst: true, waiting, idle: [host('h1', 'hat')] })),
    ).toEqual(['b:upscale']);
  });

  it('goes stage-major when nothing matches the loaded model', () => {
    const waiting = [stage('a', 'upscale'), stage('b', 'video'), stage('c', 'still')];
    expect(
      shotsOf(waiting, assignStages({ earlierFirst: false, waiting, idle: [host('h1', null)] })),
    ).toEqual(['c:still']);
  });

  it("puts the editor's shot first, even at the cost of a swap", () => {
    const waiting = [stage('a', 'still'), stage('b', 'video', { priority: 1 })];
    expect(
      shotsOf(waiting, assignStages({ earlierFirst: false, waiting, idle: [host('h1', 'flux')] })),
    ).toEqual(['b:video']);
  });

  it("queues only the editor's shots behind the editor's shot", () => {
    const waiting = [stage('a', 'still'), stage('b', 'still', { priority: 1 })];
    const busy = { ...host('h1', 'flux'), onlyPriority: true };
    expect(shotsOf(waiting, assignStages({ earlierFirst: false, waiting, idle: [busy] }))).toEqual([
      'b:still',
    ]);
    expect(assignStages({ earlierFirst: false, waiting: [waiting[0]!], idle: [busy] })).toEqual([]);
  });

  it('gives a stage to the host that holds its model when several are idle', () => {
    const waiting = [stage('a', 'video')];
    const out = assignStages({
      earlierFirst: false,
      waiting,
      idle: [host('cold', 'flux'), host('warm', 'cog')],
    });
    expect(out.map((a) => a.host)).toEqual(['warm']);
  });

  it('spreads work over idle hosts, first come first served within a stage', () => {
    const waiting = [stage('a', 'still'), stage('b', 'still'), stage('c', 'still')];
    expect(
      shotsOf(
        waiting,
        assignStages({ earlierFirst: false, waiting, idle: [host('h1', null), host('h2', null)] }),
      ),
    ).toEqual(['a:still', 'b:still']);
  });

  it('never sends a stage back to a host it failed on, nor to one lacking its template', () => {
    const waiting = [stage('a', 'still', { excludedHosts: new Set(['h1']) }), stage('b', 'video')];
    const out = assignStages({
      earlierFirst: true,
      waiting,
      idle: [host('h1', 'flux'), host('h2', 'flux', ['video'])],
    });
    expect(new Set(out.map((a) => `${a.host}:${a.stageId}`))).toEqual(
      new Set([`h1:${waiting[1]!.id}`, `h2:${waiting[0]!.id}`]),
    );
  });
});
