import { mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileVersion, TimelineWatcher } from './timeline-watcher.js';
import { watchTimeline } from './timeline-watcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

describe('watchTimeline', () => {
  let dir = '';
  let watcher: TimelineWatcher | null = null;
  afterEach(async () => {
    await watcher?.close();
    watcher = null;
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<{ versions: FileVersion[]; path: string }> {
    dir = await mkdtemp(join(tmpdir(), 'libero-watch-'));
    const path = join(dir, 'cut.otio');
    await writeFile(path, '{"v":1}');
    const versions: FileVersion[] = [];
    watcher = await watchTimeline({
      timelinePath: path,
      configPath: join(dir, 'libero.json'),
      debounceMs: 80,
      onVersion: (v) => versions.push(v),
      onError: (e) => {
        throw e;
      },
    });
    return { versions, path };
  }

  it('hands over the first version, then a file written in chunks once, complete', async () => {
    const { versions, path } = await start();
    expect(versions.map((v) => v.text)).toEqual(['{"v":1}']);
    const full = JSON.stringify({ v: 2, pad: 'x'.repeat(20_000) });
    const handle = await open(path, 'w');
    for (let i = 0; i < full.length; i += 5000) {
      await handle.write(full.slice(i, i + 5000));
      await sleep(25);
    }
    await handle.close();
    await until(() => versions.length === 2);
    await sleep(300);
    expect(versions.map((v) => v.text)).toEqual(['{"v":1}', full]);
  });

  it('hands over a temp-file-and-rename save once', async () => {
    const { versions, path } = await start();
    const readsBefore = watcher!.reads();
    await writeFile(join(dir, 'cut.otio.tmp~'), '{"v":3}');
    await rename(join(dir, 'cut.otio.tmp~'), path);
    await until(() => versions.length === 2);
    await sleep(300);
    expect(versions.map((v) => v.text)).toEqual(['{"v":1}', '{"v":3}']);
    expect(watcher!.reads() - readsBefore).toBe(1);
  });

  it('does not hand over the same bytes twice (touch, rewrite with equal content)', async () => {
    const { versions, path } = await start();
    await writeFile(path, '{"v":1}');
    await sleep(300);
    expect(versions).toHaveLength(1);
  });

  it('sees libero.json appear and change', async () => {
    const { versions } = await start();
    await writeFile(join(dir, 'libero.json'), '{"style":"Italy, 1944,"}');
    await until(() => versions.some((v) => v.kind === 'config'));
    expect(versions.at(-1)).toMatchObject({ kind: 'config', text: '{"style":"Italy, 1944,"}' });
  });
});
