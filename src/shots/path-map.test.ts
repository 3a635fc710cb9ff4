import { describe, expect, it } from 'vitest';
import { editorMediaPath, localMediaPath, sharedMissingRoots } from './path-map.js';

describe('localMediaPath', () => {
  const map = [
    { from: 'C:\\Media', to: '/mnt/media' },
    { from: 'C:\\Media\\Plates', to: '/fast/plates' },
    { from: '\\\\nas\\show', to: '/mnt/show' },
    { from: '/Volumes/NAS', to: '/mnt/nas' },
  ];
  it.each([
    // Resolve on Windows: a plain drive path.
    ['C:\\Media\\a.mov', '/mnt/media/a.mov'],
    // Forward slashes and another case of the drive letter match too.
    ['c:/Media/sub/b.mov', '/mnt/media/sub/b.mov'],
    // The longest `from` wins.
    ['C:\\Media\\Plates\\sh010.mov', '/fast/plates/sh010.mov'],
    // A path boundary: C:\Media2 is not under C:\Media; unmapped Windows paths stay as written.
    ['C:\\Media2\\a.mov', 'C:\\Media2\\a.mov'],
    // UNC, host case-insensitive.
    ['\\\\NAS\\show\\x\\y.mov', '/mnt/show/x/y.mov'],
    // A file URL to a UNC share.
    ['file://nas/show/y.mov', '/mnt/show/y.mov'],
    // file:// with percent-encoding, macOS volume.
    ['file:///Volumes/NAS/a%20b%23c.mov', '/mnt/nas/a b#c.mov'],
    // A Windows drive in a file URL (Premiere through OTIO's fcp_xml adapter).
    ['file://localhost/C%3a/Media/a.mov', '/mnt/media/a.mov'],
    // Relative to the timeline's folder (Kdenlive).
    ['clips/red.png', '/project/clips/red.png'],
    // An unmapped POSIX path is used as it is.
    ['/srv/a.mov', '/srv/a.mov'],
    // An image sequence's base keeps its trailing separator.
    ['C:\\Media\\Plates\\sh010\\', '/fast/plates/sh010/'],
    // Not a file.
    ['https://example.com/a.mov', null],
    ['', null],
  ])('%s -> %s', (url, expected) => {
    expect(localMediaPath({ url, map, timelineDir: '/project' })).toBe(expected);
  });
});

describe('editorMediaPath (the hand-back)', () => {
  it.each([
    // Back to the editor's drive, with the separators the mapping's `from` uses.
    [
      [{ from: 'C:\\Media', to: '/mnt/media' }],
      '/mnt/media/out/take-001.mp4',
      'C:\\Media\\out\\take-001.mp4',
    ],
    [[{ from: '\\\\nas\\show', to: '/mnt/show' }], '/mnt/show/a.mov', '\\\\nas\\show\\a.mov'],
    [[{ from: '/Volumes/NAS/', to: '/mnt/nas/' }], '/mnt/nas/p/a.wav', '/Volumes/NAS/p/a.wav'],
    // The longest `to` wins.
    [
      [
        { from: 'D:\\', to: '/mnt' },
        { from: 'C:\\Media', to: '/mnt/media' },
      ],
      '/mnt/media/a.mov',
      'C:\\Media\\a.mov',
    ],
    // Not under any `to`: unchanged; `/mnt/media2` is not under `/mnt/media`.
    [[{ from: 'C:\\Media', to: '/mnt/media' }], '/mnt/media2/a.mov', '/mnt/media2/a.mov'],
  ])('%j: %s -> %s', (map, path, expected) => {
    expect(editorMediaPath({ path, map })).toBe(expected);
  });

  it('reverses localMediaPath', () => {
    const map = [{ from: 'C:\\Media', to: '/mnt/media' }];
    const editor = 'C:\\Media\\x\\y.mov';
    const here = localMediaPath({ url: editor, map, timelineDir: '/' }) as string;
    expect(editorMediaPath({ path: here, map })).toBe(editor);
  });
});

describe('sharedMissingRoots', () => {
  it('the deepest folder many missing files share', () => {
    expect(
      sharedMissingRoots({
        paths: [
          'C:\\Media\\Day1\\a.mov',
          'C:\\Media\\Day1\\b.mov',
          'C:\\Media\\Day2\\c.mov',
          'file:///Volumes/NAS/x.mov',
        ],
        min: 3,
      }),
    ).toEqual([{ root: 'C:\\Media', count: 3 }]);
  });
});
