/**
 * Plain values to JSON text, indented like the reference's writer. Standard JSON goes through
 * native `JSON.stringify`; documents with bigints or NaN/Infinity (which the reference writes
 * as `NaN`, `Infinity`, `-Infinity`) use the small writer below.
 */

/** JSON text of `value` with `indent` spaces (0: compact). */
export function writeJson(options: { value: unknown; indent: number; special: boolean }): string {
  if (!options.special) return JSON.stringify(options.value, null, options.indent);
  const out: string[] = [];
  writeValue(out, options.value, options.indent, '');
  return out.join('');
}

function writeValue(out: string[], v: unknown, indent: number, pad: string): void {
  if (v === null || v === undefined) {
    out.push('null');
    return;
  }
  switch (typeof v) {
    case 'number':
      out.push(
        Number.isNaN(v)
          ? 'NaN'
          : v === Infinity
            ? 'Infinity'
            : v === -Infinity
              ? '-Infinity'
              : String(v),
      );
      return;
    case 'bigint':
      out.push(v.toString());
      return;
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
  }
  const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
  const nl = indent > 0 ? '\n' : '';
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[', nl);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(',', nl);
      out.push(inner);
      writeValue(out, v[i], indent, inner);
    }
    out.push(nl, pad, ']');
    return;
  }
  const keys = Object.keys(v as object);
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  out.push('{', nl);
  const sep = indent > 0 ? ': ' : ':';
  keys.forEach((key, i) => {
    if (i > 0) out.push(',', nl);
    out.push(inner, JSON.stringify(key), sep);
    writeValue(out, (v as Record<string, unknown>)[key], indent, inner);
  });
  out.push(nl, pad, '}');
}
