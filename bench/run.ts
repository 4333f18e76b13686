/**
 * Runs every `bench/*.bench.ts` (or those whose name contains an argument) and
 * prints one JSON line per benchmark. Benchmarks measure; they never pass or fail,
 * but a benchmark that throws is printed with its error and sets the exit code.
 *
 *   node --import tsx bench/run.ts [name-substring ...]
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './bench-types.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort()
  .map((name) => join(benchDir, name));

let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(file).href)) as { benchmarks?: readonly Benchmark[] };
  for (const bench of mod.benchmarks ?? []) {
    if (filters.length > 0 && !filters.some((f) => bench.name.includes(f) || file.includes(f))) continue;
    try {
      const figures = await bench.run();
      console.log(JSON.stringify({ bench: bench.name, ...figures }));
    } catch (error) {
      failed = true;
      console.log(JSON.stringify({ bench: bench.name, error: error instanceof Error ? error.message : String(error) }));
    }
  }
}
// Peers' clients (ioredis handed to BullMQ is not closed by it) would keep the process alive.
process.exit(failed ? 1 : 0);
