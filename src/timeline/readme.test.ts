import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as timeline from './index.js';
import { SCHEMA_READERS } from './serialize/schema-readers.js';

const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');

describe('src/timeline/README.md', () => {
  it('names every schema libero reads (edit README.md when adding one)', () => {
    const missing = Object.keys(SCHEMA_READERS).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('names every exported function and class (edit README.md when exporting one)', () => {
    const documented = (name: string): boolean => readme.includes(name);
    const missing = Object.entries(timeline)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .filter((name) => !documented(name));
    expect(missing).toEqual([]);
  });
});
