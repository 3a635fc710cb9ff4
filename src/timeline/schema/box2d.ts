/** V2d.1 and Box2d.1 (Imath types in the reference), used by `available_image_bounds`. */

/** A 2D point. */
export class V2d {
  constructor(
    readonly x = 0,
    readonly y = 0,
  ) {}
}

/** An axis-aligned box. */
export class Box2d {
  constructor(
    readonly min: V2d = new V2d(),
    readonly max: V2d = new V2d(),
  ) {}

  /** The smallest box holding both. */
  extendedBy(other: Box2d): Box2d {
    return new Box2d(
      new V2d(Math.min(this.min.x, other.min.x), Math.min(this.min.y, other.min.y)),
      new V2d(Math.max(this.max.x, other.max.x), Math.max(this.max.y, other.max.y)),
    );
  }
}
