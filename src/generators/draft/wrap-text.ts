/** Greedy word wrap for the draft card (drawtext has none). */

/** Wraps `text` at `width` characters, at most `maxLines` lines (the last ends in `…` when cut). */
export function wrapText(options: { text: string; width: number; maxLines: number }): string[] {
  const { width, maxLines } = options;
  const words = options.text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const piece = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (line === '') line = piece;
    else if (line.length + 1 + piece.length <= width) line = `${line} ${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] as string;
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}
