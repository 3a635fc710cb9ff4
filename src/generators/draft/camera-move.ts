/** The draft video's camera move, read from the shot's motion text. */

/** Moves the draft backend can make. */
export type CameraMove =
  'push-in' | 'pull-out' | 'pan-left' | 'pan-right' | 'tilt-up' | 'tilt-down' | 'static';

const RULES: ReadonlyArray<readonly [RegExp, CameraMove]> = [
  [/\b(static|locked[- ]off|still camera|no camera move(ment)?)\b/, 'static'],
  [/\b(pull(s|ing)? (back|out)|zoom(s|ing)? out|dolly(ing)? out|track(s|ing)? back)\b/, 'pull-out'],
  [/\bpan(s|ning)? (to the )?left\b/, 'pan-left'],
  [/\bpan(s|ning)? (to the )?right\b/, 'pan-right'],
  [/\b(tilt(s|ing)? up|crane(s|ing)? up|pedestal up)\b/, 'tilt-up'],
  [/\b(tilt(s|ing)? down|crane(s|ing)? down|pedestal down)\b/, 'tilt-down'],
  [
    /\b(push(es|ing)? in|zoom(s|ing)? in|dolly(ing)? in|track(s|ing)? in|moves? closer)\b/,
    'push-in',
  ],
  [/\bpan(s|ning)?\b/, 'pan-right'],
];

/** The first move the text names; a slow push-in when it names none. */
export function cameraMoveFromMotion(motion: string): CameraMove {
  const text = motion.toLowerCase();
  for (const [pattern, move] of RULES) if (pattern.test(text)) return move;
  return 'push-in';
}
