/**
 * `npm run bench -- NAME...`: runs the named benchmarks (all when none is named). Each
 * benchmark prints ratios against a baseline measured in the same run.
 */
const benches: Record<string, () => Promise<void>> = {};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = names.length === 0 ? Object.keys(benches) : names;
  for (const name of chosen) {
    const bench = benches[name];
    if (bench === undefined) {
      console.error(
        `unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ') || '(none yet)'}`,
      );
      process.exitCode = 2;
      return;
    }
    console.log(`== bench ${name}`);
    await bench();
  }
}

await main();
