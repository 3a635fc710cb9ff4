/**
 * Turning a failure deep in a document into a ValidationError with the JSON path of the bad
 * node. Decoding carries no path (it would cost a string per node); on failure the path of the
 * failing raw node is found by searching the document once.
 */
import { ValidationError } from '../../shared/index.js';
import type { ErrorCode } from '../../shared/index.js';

/** Thrown inside the decoder: the raw node, the key inside it, and what was expected. */
export class DecodeFailure extends Error {
  constructor(
    readonly node: object,
    readonly key: string | null,
    readonly expected: string,
    readonly code: ErrorCode = 'TIMELINE_INVALID_SCHEMA',
  ) {
    super(expected);
  }
}

/** The JSON path of `target` under `root`, like `tracks.children[1].source_range`, or null. */
export function findJsonPath(root: unknown, target: object): string | null {
  if (root === target) return '';
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (value === null || typeof value !== 'object') continue;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        const childPath = `${path}[${i}]`;
        if (child === target) return childPath;
        stack.push({ value: child, path: childPath });
      }
    } else if (proto === Object.prototype || proto === null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (child === target) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return null;
}

/** A short description of a JSON value's type, for "found ..." in messages. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const schema = (value as { schemaName?: unknown }).schemaName;
    if (typeof schema === 'string') return schema;
    const otio = (value as Record<string, unknown>)['OTIO_SCHEMA'];
    return typeof otio === 'string' ? otio : (value.constructor?.name ?? 'an object');
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'bigint') return `the integer ${value}`;
  return `${typeof value} ${String(value)}`;
}

/** The user-facing error for a failure in `file`. */
export function toValidationError(
  failure: DecodeFailure,
  root: unknown,
  file: string,
): ValidationError {
  const base = findJsonPath(root, failure.node);
  const path =
    failure.key === null
      ? (base ?? '')
      : base === null || base === ''
        ? failure.key
        : `${base}.${failure.key}`;
  const where = path === '' ? '(the top object)' : path;
  return new ValidationError(failure.code, `${file}: ${where}: ${failure.expected}`, {
    details: { file, path },
    issues: [{ path, message: failure.expected }],
  });
}
