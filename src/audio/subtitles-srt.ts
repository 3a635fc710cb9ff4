/**
 * Subtitles from character timings (pure): the vendor's with-timestamps alignment of every
 * line, shifted to the line's place on the timeline, grouped into words and then into blocks
 * of at most two short lines, written as SRT.
 */
import type { Alignment } from './elevenlabs/timestamps-response.js';

/** One spoken line placed on the timeline. */
export interface TimedLine {
  /** Start of the line's audio on the timeline, seconds. */
  readonly start: number;
  readonly alignment: Alignment;
}

/** How blocks are cut. */
export interface SubtitleLimits {
  /** Characters per block (two lines of ~42 characters is the usual broadcast rule). */
  readonly maxChars: number;
  readonly maxSeconds: number;
}

/** 84 characters (two lines of 42) and 6 seconds per block. */
export const DEFAULT_SUBTITLE_LIMITS: SubtitleLimits = { maxChars: 84, maxSeconds: 6 };

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function words(line: TimedLine): Word[] {
  const out: Word[] = [];
  const {
    characters,
    characterStartTimesSeconds: starts,
    characterEndTimesSeconds: ends,
  } = line.alignment;
  let text = '';
  let start = 0;
  let end = 0;
  characters.forEach((ch, i) => {
    if (/\s/.test(ch)) {
      if (text !== '') out.push({ text, start, end });
      text = '';
      return;
    }
    if (text === '') start = line.start + (starts[i] ?? 0);
    text += ch;
    end = line.start + (ends[i] ?? 0);
  });
  if (text !== '') out.push({ text, start, end });
  return out;
}

/** Blocks of words: a block ends at a sentence end or when it would pass a limit. */
export function subtitleBlocks(lines: readonly TimedLine[], limits: SubtitleLimits): Word[] {
  const blocks: Word[] = [];
  for (const line of lines) {
    let current: Word | null = null;
    for (const word of words(line)) {
      if (
        current !== null &&
        (current.text.length + 1 + word.text.length > limits.maxChars ||
          word.end - current.start > limits.maxSeconds)
      ) {
        blocks.push(current);
        current = null;
      }
      current =
        current === null
          ? word
          : { text: `${current.text} ${word.text}`, start: current.start, end: word.end };
      if (/[.!?…]["»”]?$/.test(word.text)) {
        blocks.push(current);
        current = null;
      }
    }
    if (current !== null) blocks.push(current);
  }
  return blocks.sort((a, b) => a.start - b.start);
}

/** SRT time: `HH:MM:SS,mmm`. */
export function srtTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (v: number, w: number): string => String(v).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)},${pad(ms % 1000, 3)}`;
}

/** A block's text on one line, or two balanced lines when it is longer than half the limit. */
export function wrapBlock(text: string, maxChars: number): string {
  const half = Math.floor(maxChars / 2);
  if (text.length <= half) return text;
  let best = -1;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) {
    if (best < 0 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2)) best = i;
  }
  return best < 0 ? text : `${text.slice(0, best)}\n${text.slice(best + 1)}`;
}

/** The SRT file for all lines. */
export function subtitlesSrt(
  lines: readonly TimedLine[],
  limits: SubtitleLimits = DEFAULT_SUBTITLE_LIMITS,
): string {
  return subtitleBlocks(lines, limits)
    .map(
      (b, i) =>
        `${i + 1}\n${srtTime(b.start)} --> ${srtTime(b.end)}\n${wrapBlock(b.text, limits.maxChars)}\n`,
    )
    .join('\n');
}

/** An even spread of the characters over the audio: the draft voice's stand-in alignment. */
export function estimatedAlignment(text: string, seconds: number): Alignment {
  const chars = [...text];
  const step = chars.length === 0 ? 0 : seconds / chars.length;
  return {
    characters: chars,
    characterStartTimesSeconds: chars.map((_, i) => i * step),
    characterEndTimesSeconds: chars.map((_, i) => (i + 1) * step),
  };
}
