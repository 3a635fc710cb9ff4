import { describe, expect, it } from 'vitest';
import { estimatedAlignment, srtTime, subtitlesSrt } from './subtitles-srt.js';

/** The text of each block, its lines joined. */
const texts = (srt: string): string[] =>
  srt
    .trim()
    .split('\n\n')
    .map((b) => b.split('\n').slice(2).join(' '));

describe('subtitlesSrt', () => {
  it('turns character timings into sentence blocks shifted to the timeline', () => {
    const line = {
      start: 10,
      alignment: estimatedAlignment('Torino è stata bombardata. Le bombe fischiavano.', 4.9),
    };
    expect(subtitlesSrt([line])).toBe(
      '1\n00:00:10,000 --> 00:00:12,654\nTorino è stata bombardata.\n\n2\n00:00:12,756 --> 00:00:14,900\nLe bombe fischiavano.\n',
    );
  });

  it('cuts long sentences by characters and by seconds', () => {
    const text = 'uno due tre quattro cinque sei sette otto nove dieci';
    const srt = subtitlesSrt([{ start: 0, alignment: estimatedAlignment(text, 10) }], {
      maxChars: 20,
      maxSeconds: 100,
    });
    expect(texts(srt)).toEqual(['uno due tre quattro', 'cinque sei sette', 'otto nove dieci']);
    const bySeconds = subtitlesSrt([{ start: 0, alignment: estimatedAlignment(text, 10) }], {
      maxChars: 999,
      maxSeconds: 3,
    });
    expect(texts(bySeconds).length).toBeGreaterThanOrEqual(4);
  });

  it('wraps a long block into two balanced lines', () => {
    const srt = subtitlesSrt([
      {
        start: 0,
        alignment: estimatedAlignment(
          "In quegli anni c'era la guerra, c'erano i tedeschi, ci si arrangiava.",
          5,
        ),
      },
    ]);
    expect(srt.split('\n').slice(2, 4)).toEqual([
      "In quegli anni c'era la guerra,",
      "c'erano i tedeschi, ci si arrangiava.",
    ]);
  });

  it.each([
    [0, '00:00:00,000'],
    [61.2345, '00:01:01,235'],
    [3725.5, '01:02:05,500'],
  ])('srtTime(%s)', (s, expected) => {
    expect(srtTime(s)).toBe(expected);
  });
});
