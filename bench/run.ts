/**
 * Benchmark runner: `npm run bench -- <scenario> [--runs N]`, or `npm run bench -- all [--runs N]
 * [--skip a,b]` for every scenario in turn, each in its own process.
 * Each scenario lives in `bench/scenarios/<name>.ts`, measures the product and its baseline in
 * the same run, and writes its table into BENCHMARKS.md through `report.ts`.
 */
import { spawnSync } from 'node:child_process';
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
if (!name || (name !== 'all' && !available.includes(name))) {
  console.error(`usage: npm run bench -- <scenario|all> [--runs N]\nscenarios: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}
const flags: Record<string, string> = {};
for (let i = 0; i < rest.length; i++) {
  const key = rest[i]!;
  if (key.startsWith('--')) flags[key.slice(2)] = rest[i + 1] ?? 'true';
  if (key.startsWith('--') && rest[i + 1] && !rest[i + 1]!.startsWith('--')) i++;
}
const runs = Number(flags.runs ?? 3);
if (name === 'all') process.exit(runAll());

/**
 * Every scenario in turn, each in a fresh process (so one scenario's memory and sockets never
 * skew the next), with its default sizes. Returns the exit code: 1 when any scenario failed.
 */
function runAll(): number {
  const skip = new Set((flags.skip ?? '').split(',').filter(Boolean));
  const failed: string[] = [];
  const began = Date.now();
  for (const [i, scenario] of available.filter((s) => !skip.has(s)).entries()) {
    const t0 = Date.now();
    console.log(`\n━━ [${i + 1}/${available.length - skip.size}] ${scenario} (--runs ${runs}) ━━`);
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), scenario, '--runs', String(runs)], { stdio: 'inherit' });
    const took = ((Date.now() - t0) / 60_000).toFixed(1);
    if (r.status === 0) console.log(`━━ ${scenario}: done in ${took} min`);
    else {
      failed.push(scenario);
      console.error(`━━ ${scenario}: FAILED (exit ${r.status ?? r.signal}) after ${took} min`);
    }
  }
  console.log(`\nall scenarios: ${((Date.now() - began) / 60_000).toFixed(1)} min; ${failed.length ? `failed: ${failed.join(', ')}` : 'none failed'}`);
  return failed.length ? 1 : 0;
}
const mod = (await import(`./scenarios/${name}.ts`)) as {
  default: (args: ScenarioArgs) => Promise<void>;
};
await mod.default({ runs, flags });
