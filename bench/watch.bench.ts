/**
 * `npm run bench -- watch`: how long from an editor's save to `shot.queued` on the socket.
 * A 10-shot project is generated first (draft), then the timeline is saved 50 times the way an
 * NLE does (temp file + rename), each time with a new prompt for one shot (the previous run of
 * that shot is cancelled, as in an editor tweaking a prompt). Baseline, measured in the same run
 * on the same saves: a bare watcher with the same debounce (save -> file read), i.e. the floor
 * that debounce and the file system impose. Target: median under 300 ms including the debounce.
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { watchTimeline } from '../src/server/timeline-watcher.js';
import { startHarness } from '../tests/server/serve-harness.js';
import { saveByRename, tinyTimeline } from '../tests/server/tiny-project.js';
import type { TinyShot } from '../tests/server/tiny-project.js';

const SAVES = 50;
const DEBOUNCE_MS = 120;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at] as number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default async function watchBench(): Promise<void> {
  const shots: TinyShot[] = Array.from({ length: 10 }, (_, i) => ({
    name: `sh${String((i + 1) * 10).padStart(3, '0')}`,
    prompt: `shot ${i + 1}, a street in Turin`,
  }));
  const h = await startHarness({ shots, debounceMs: DEBOUNCE_MS });
  const socket = await h.events();
  const t0 = performance.now();
  await h.server.service.idle();
  console.log(`10 draft shots generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  let readAt = 0;
  const bare = await watchTimeline({
    timelinePath: h.timeline,
    configPath: null,
    debounceMs: DEBOUNCE_MS,
    onVersion: () => (readAt = performance.now()),
    onError: () => undefined,
  });
  const service: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < SAVES; i += 1) {
    const edited = shots.map((s, k) =>
      k === 4 ? { ...s, prompt: `shot 5, take ${i}, a bridge at dusk` } : s,
    );
    const seen = socket.events.length;
    readAt = 0;
    const saved = performance.now();
    await saveByRename(h.timeline, tinyTimeline(edited));
    const queued = await socket.waitFor(
      (e) => socket.events.indexOf(e) >= seen && e.type === 'shot.queued' && e.shotId === 'sh050',
      10_000,
    );
    void queued;
    service.push(performance.now() - saved);
    while (readAt === 0) await sleep(1);
    floor.push(readAt - saved);
    await sleep(250);
  }
  await bare.close();
  await h.close();
  await rm(h.dir, { recursive: true, force: true });

  const med = quantile(service, 0.5);
  const p95 = quantile(service, 0.95);
  const baseMed = quantile(floor, 0.5);
  console.log(
    `saves: ${SAVES}, debounce ${DEBOUNCE_MS} ms, temp-file + rename saves, a shot generating meanwhile`,
  );
  console.log(
    `save -> shot.queued on the socket: median ${med.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (target: median < 300 ms)`,
  );
  console.log(
    `baseline, save -> file read by a bare watcher: median ${baseMed.toFixed(0)} ms, p95 ${quantile(floor, 0.95).toFixed(0)} ms`,
  );
  console.log(
    `ratio service/baseline (median): ${(med / baseMed).toFixed(2)}x; parse + diff + plan + socket add ${(med - baseMed).toFixed(0)} ms`,
  );
  if (med >= 300) process.exitCode = 1;
}
