/** C/C++ numeric behaviour the reference relies on, for faithful ports. */

/** C++ `std::round`: halves round away from zero (JS `Math.round` rounds them up). */
export function cRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** C++ `static_cast<int>(x)`: truncation toward zero. */
export function cInt(x: number): number {
  return Math.trunc(x);
}
