/** A colour per shot so an editor tells drafts apart at a glance. */
import { createHash } from 'node:crypto';

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number): string => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `${channel(0)}${channel(8)}${channel(4)}`;
}

/** `RRGGBB` of a dark, saturated colour derived from the label (stable across runs). */
export function shotColour(label: string): string {
  const digest = createHash('sha256').update(label).digest();
  const hue = ((digest[0] as number) * 256 + (digest[1] as number)) % 360;
  return hslToHex(hue, 0.55, 0.3);
}
