/**
 * A colour per shot so an editor tells drafts apart at a glance: scenes get hues a golden angle
 * apart (neighbouring scenes never look alike), the shots of one scene (6a, 6b, 6c) the same hue
 * at different lightness. A label without a scene number gets a hue from its hash.
 */
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

const GOLDEN_ANGLE = 137.508;
const LIGHTNESS = [0.3, 0.2, 0.4, 0.25, 0.35] as const;

/** `RRGGBB` for a shot, from its label (`sc06b`) and scene (`6`, or null). Stable across runs. */
export function shotColour(options: { label: string; scene: string | null }): string {
  const digest = createHash('sha256').update(options.label).digest();
  const sceneNumber = options.scene === null ? NaN : Number.parseInt(options.scene, 10);
  const hue = Number.isFinite(sceneNumber)
    ? (sceneNumber * GOLDEN_ANGLE) % 360
    : ((digest[0] as number) * 256 + (digest[1] as number)) % 360;
  // The shot's letter within its scene (a, b, c...) picks the lightness; else the hash does.
  const letter = /([a-z])$/i.exec(options.label.trim());
  const variant =
    letter !== null && Number.isFinite(sceneNumber)
      ? (letter[1] as string).toLowerCase().charCodeAt(0) - 97
      : (digest[2] as number);
  return hslToHex(hue, 0.55, LIGHTNESS[variant % LIGHTNESS.length] as number);
}
