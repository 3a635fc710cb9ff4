/**
 * A JSON parser for what the reference's reader (rapidjson with kParseNanAndInfFlag) accepts
 * and `JSON.parse` does not: `NaN`, `Inf`, `Infinity`, `-Inf`, `-Infinity`, and integers beyond
 * 2^53 (returned as `bigint` so they are written back digit for digit).
 */

/** A syntax error at a character offset. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Parses `text`; throws {@link JsonSyntaxError}. */
export function parseJsonExtended(text: string): unknown {
  const p = new Parser(text);
  p.ws();
  const value = p.value();
  p.ws();
  if (p.i < text.length) p.fail('unexpected text after the JSON value');
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.i}`, this.i);
  }

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  value(): unknown {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      case 'N':
        return this.word('NaN', NaN);
      case 'I':
        return this.infinity(1);
      case '-':
        if (this.s[this.i + 1] === 'I') {
          this.i++;
          return this.infinity(-1);
        }
        return this.number();
      default:
        if (c !== undefined && c >= '0' && c <= '9') return this.number();
        return this.fail(
          c === undefined ? 'unexpected end of JSON' : `unexpected character '${c}'`,
        );
    }
  }

  word<T>(w: string, v: T): T {
    if (!this.s.startsWith(w, this.i)) this.fail(`expected ${w}`);
    this.i += w.length;
    return v;
  }

  infinity(sign: number): number {
    if (this.s.startsWith('Infinity', this.i)) this.i += 8;
    else if (this.s.startsWith('Inf', this.i)) this.i += 3;
    else this.fail('expected Infinity');
    return sign * Infinity;
  }

  number(): number | bigint {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (m === null) return this.fail('bad number');
    this.i += m[0].length;
    const n = Number(m[0]);
    if (m[1] === undefined && m[2] === undefined && !Number.isSafeInteger(n)) return BigInt(m[0]);
    return n;
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let simple = true;
    for (;;) {
      const c = s.charCodeAt(i);
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail('unterminated string');
      }
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
        continue;
      }
      if (c < 32) {
        this.i = i;
        this.fail('control character in string');
      }
      i++;
    }
    this.i = i + 1;
    const raw = s.slice(start, i + 1);
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      this.i = start;
      return this.fail('bad escape in string');
    }
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or ']'");
      }
    }
  }

  object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a key string');
      const key = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') {
        this.i--;
        this.fail("expected ':'");
      }
      this.ws();
      const v = this.value();
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = v;
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') {
        this.i--;
        this.fail("expected ',' or '}'");
      }
    }
  }
}
