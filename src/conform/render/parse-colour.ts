/** Colours as editors and OTIO write them, to `#rrggbb` (pure). */

const NAMED: Readonly<Record<string, string>> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#00ff00',
  blue: '#0000ff',
  yellow: '#ffff00',
  cyan: '#00ffff',
  magenta: '#ff00ff',
  gray: '#808080',
  grey: '#808080',
  orange: '#ffa500',
};

function hex2(n: number): string {
  return Math.round(Math.min(255, Math.max(0, n)))
    .toString(16)
    .padStart(2, '0');
}

function fromUnit(values: readonly unknown[]): string | null {
  const [r, g, b] = values.map(Number);
  if ([r, g, b].some((v) => v === undefined || !Number.isFinite(v))) return null;
  const scale = [r, g, b].every((v) => (v ?? 0) <= 1) ? 255 : 1;
  return `#${hex2((r ?? 0) * scale)}${hex2((g ?? 0) * scale)}${hex2((b ?? 0) * scale)}`;
}

/**
 * `#rrggbb` from `#rgb`/`#rrggbb`/`rrggbb`/`0xrrggbb`, a colour name, `[r, g, b(, a)]` or
 * `{r, g, b}` (0..1 floats as OTIO's Color, or 0..255); `fallback` when unreadable.
 */
export function parseColour(value: unknown, fallback: string): string {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    const named = NAMED[text];
    if (named !== undefined) return named;
    const hex = /^(?:#|0x)?([0-9a-f]{6}|[0-9a-f]{3})$/.exec(text)?.[1];
    if (hex === undefined) return fallback;
    return hex.length === 3 ? `#${[...hex].map((c) => c + c).join('')}` : `#${hex}`;
  }
  if (Array.isArray(value) && value.length >= 3) return fromUnit(value) ?? fallback;
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    return fromUnit([v['r'], v['g'], v['b']]) ?? fallback;
  }
  return fallback;
}
