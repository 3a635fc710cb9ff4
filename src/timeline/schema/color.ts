/** Color.1, a value type (like RationalTime), from the reference's `color.h`/`color.cpp`. */

/** Options of {@link Color}; every component defaults to 1 (opaque white), the name to "". */
export interface ColorOptions {
  r?: number;
  g?: number;
  b?: number;
  a?: number;
  name?: string;
}

/** An RGBA colour with an optional name; components are 0..1 doubles. */
export class Color {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
  readonly name: string;

  constructor(options: ColorOptions = {}) {
    this.r = options.r ?? 1;
    this.g = options.g ?? 1;
    this.b = options.b ?? 1;
    this.a = options.a ?? 1;
    this.name = options.name ?? '';
  }

  static readonly pink = new Color({ r: 1, g: 0, b: 1, a: 1, name: 'Pink' });
  static readonly red = new Color({ r: 1, g: 0, b: 0, a: 1, name: 'Red' });
  static readonly orange = new Color({ r: 1, g: 0.5, b: 0, a: 1, name: 'Orange' });
  static readonly yellow = new Color({ r: 1, g: 1, b: 0, a: 1, name: 'Yellow' });
  static readonly green = new Color({ r: 0, g: 1, b: 0, a: 1, name: 'Green' });
  static readonly cyan = new Color({ r: 0, g: 1, b: 1, a: 1, name: 'Cyan' });
  static readonly blue = new Color({ r: 0, g: 0, b: 1, a: 1, name: 'Blue' });
  static readonly purple = new Color({ r: 0.5, g: 0, b: 0.5, a: 1, name: 'Purple' });
  static readonly magenta = new Color({ r: 1, g: 0, b: 1, a: 1, name: 'Magenta' });
  static readonly black = new Color({ r: 0, g: 0, b: 0, a: 1, name: 'Black' });
  static readonly white = new Color({ r: 1, g: 1, b: 1, a: 1, name: 'White' });
  static readonly transparent = new Color({ r: 0, g: 0, b: 0, a: 0, name: 'Transparent' });

  /** Same components and name. */
  equals(other: Color): boolean {
    return (
      this.r === other.r &&
      this.g === other.g &&
      this.b === other.b &&
      this.a === other.a &&
      this.name === other.name
    );
  }
}

/**
 * The colour names of Marker.2 (upper case) and the Color each maps to, as the reference's
 * Marker 2->3 upgrade (typeRegistry.cpp) has them.
 */
export const MARKER_COLOR_NAMES: Readonly<Record<string, Color>> = {
  PINK: Color.pink,
  RED: Color.red,
  ORANGE: Color.orange,
  YELLOW: Color.yellow,
  GREEN: Color.green,
  CYAN: Color.cyan,
  BLUE: Color.blue,
  MAGENTA: Color.magenta,
  PURPLE: Color.purple,
  BLACK: Color.black,
  WHITE: Color.white,
  TRANSPARENT: Color.transparent,
};
