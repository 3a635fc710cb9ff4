/** The plugin's pure helpers: playhead timecodes, where links go, where the takes are. */
import { describe, expect, it } from 'vitest';
import {
  localFileFor,
  routeNavigation,
  takesFolder,
  timecodeToFrame,
} from '../../plugin/lib/index.js';

describe('timecodeToFrame', () => {
  it.each([
    // Resolve's default start, 24 fps
    ['01:00:00:00', 24, 86400],
    ['01:00:01:05', 24, 86429],
    // 23.976 counts 24 frame numbers a second
    ['00:00:10:00', 23.976, 240],
    ['00:00:01:00', 25, 25],
    // drop-frame: minute 1 starts at frame number 2
    ['00:01:00;02', 29.97, 1800],
    // every tenth minute drops nothing
    ['00:10:00;00', 29.97, 17982],
    ['00:01:00;04', 59.94, 3600],
    ['not a timecode', 24, null],
    ['01:00:00:00', 0, null],
  ])('%s at %s fps is frame %s', (tc, fps, frame) => {
    expect(timecodeToFrame(tc, fps)).toBe(frame);
  });
});

describe('routeNavigation', () => {
  const serviceOrigin = 'http://127.0.0.1:7370';
  it.each([
    // the panel reloading itself
    ['http://127.0.0.1:7370/', { kind: 'allow' }],
    ['http://127.0.0.1:7370/?token=abc', { kind: 'allow' }],
    // "open render": a served file of the project
    [
      'http://127.0.0.1:7370/api/files/out/my%20trailer.mp4',
      { kind: 'open-served-file', relative: 'out/my trailer.mp4' },
    ],
    ['file:///tmp/x.mp4', { kind: 'open-path', path: '/tmp/x.mp4' }],
    [
      'http://127.0.0.1:7370/api/project',
      { kind: 'open-external', url: 'http://127.0.0.1:7370/api/project' },
    ],
    ['https://example.org/a', { kind: 'open-external', url: 'https://example.org/a' }],
    ['javascript:alert(1)', { kind: 'deny' }],
    ['::not a url', { kind: 'deny' }],
  ])('%s', (url, route) => {
    expect(routeNavigation({ url, serviceOrigin })).toEqual(route);
  });

  it('finds the local file behind a served path among the render and the takes', () => {
    const paths = {
      render: '/p/out/trailer.mp4',
      media: ['/p/out/shots/sh010/take-001.mp4', '/p/out/shots/sh020/take-001.mp4'],
    };
    expect(localFileFor({ relative: 'out/trailer.mp4', paths })).toBe('/p/out/trailer.mp4');
    expect(localFileFor({ relative: 'out/shots/sh020/take-001.mp4', paths })).toBe(
      '/p/out/shots/sh020/take-001.mp4',
    );
    expect(localFileFor({ relative: 'out/other.mp4', paths })).toBeNull();
  });
});

describe('takesFolder', () => {
  it.each([
    [['/p/out/shots/sh010/take-001.mp4', '/p/out/shots/sh020/take-002.mp4'], '/p/out/shots'],
    [['/p/out/shots/sh010/take-001.mp4'], '/p/out/shots/sh010'],
    [[], '/fallback'],
  ])('%j -> %s', (media, folder) => {
    expect(takesFolder(media, '/fallback')).toBe(folder);
  });
});
