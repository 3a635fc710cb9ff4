/**
 * `npm run bench -- NAME...`: runs bench/NAME.bench.ts for each name (all when none is named).
 * Each file default-exports an async function that prints ratios against a baseline
 * measured in the same run.
 */
import { readdirSync } from 'node:fs';

const known = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = names.length === 0 ? known : names;
  for (const name of chosen) {
    if (!known.includes(name)) {
      console.error(`unknown benchmark "${name}"; known: ${known.join(', ') || '(none yet)'}`);
      process.exitCode = 2;
      return;
    }
    console.log(`== bench ${name}`);
    const module = (await import(`./${name}.bench.ts`)) as { default: () => Promise<void> };
    await module.default();
  }
}

await main();
