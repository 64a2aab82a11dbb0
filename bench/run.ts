/**
 * Benchmark runner: `npm run bench -- <scenario> [--runs N]`.
 * Each scenario lives in `bench/scenarios/<name>.ts`, measures the product and its baseline in
 * the same run, and writes its table into BENCHMARKS.md through `report.ts`.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface ScenarioArgs {
  runs: number;
  /** Remaining `--key value` flags, for scenario-specific knobs. */
  flags: Record<string, string>;
}

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(join(here, 'scenarios'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <scenario> [--runs N]\nscenarios: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}
const flags: Record<string, string> = {};
for (let i = 0; i < rest.length; i++) {
  const key = rest[i]!;
  if (key.startsWith('--')) flags[key.slice(2)] = rest[i + 1] ?? 'true';
  if (key.startsWith('--') && rest[i + 1] && !rest[i + 1]!.startsWith('--')) i++;
}
const runs = Number(flags.runs ?? 3);
const mod = (await import(`./scenarios/${name}.ts`)) as {
  default: (args: ScenarioArgs) => Promise<void>;
};
await mod.default({ runs, flags });
