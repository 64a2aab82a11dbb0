/**
 * V8 heap settings for the workers of `serve --workers N`, each of which holds tens of
 * thousands of mostly idle WebSocket connections. With V8's defaults, a burst of connections
 * (each one verified, authenticated and subscribed: short-lived garbage on top of the few
 * kilobytes that stay) left a worker's resident size at about twice what its connections keep
 * alive: young generation grown to its 16 MiB semi-spaces, old generation sized for several
 * times its live data, and the memory reducer waiting 8 s of quiet before giving pages back.
 *
 * - `--max-semi-space-size=4`: young generation of at most 2 × 4 MiB instead of 2 × 16 MiB.
 * - `--heap-growing-percent=20`: after a full collection the old generation may grow to 1.2×
 *   the live data before the next one (V8 otherwise picks 1.1–4× by its own heuristics).
 * - `--gc-memory-reducer-start-delay-ms=1000`: shrink the heap after 1 s of low allocation.
 *
 * The price is more frequent collections under allocation-heavy load; `bench/` measures both
 * (`connections --workers N` for memory, server CPU in the other scenarios). A single-process
 * `serve` keeps V8's defaults (start-up flags cannot be set from inside a running process);
 * start it as `node --max-semi-space-size=4 --heap-growing-percent=20 …` for the same effect.
 * A flag given explicitly (the primary's own command line or `NODE_OPTIONS`) wins over these.
 */
export const WORKER_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=20', '--gc-memory-reducer-start-delay-ms=1000'];

/** The name of a flag (`--max-semi-space-size=4` → `max-semi-space-size`), with `_` read as `-`. */
function flagName(flag: string): string {
  return flag.replace(/^--/, '').split('=')[0]!.replaceAll('_', '-');
}

/** `flags` minus those whose name already appears among `given` (explicit settings win). */
export function missingFlags(flags: readonly string[], given: readonly string[]): string[] {
  const named = new Set(given.filter((g) => g.startsWith('--')).map(flagName));
  return flags.filter((f) => !named.has(flagName(f)));
}

/**
 * The `execArgv` for a worker: this process's own, plus each of `WORKER_HEAP_FLAGS` that neither
 * it nor `NODE_OPTIONS` (read from `env`) sets.
 */
export function workerExecArgv(env: Record<string, string | undefined>): string[] {
  const given = [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  return [...process.execArgv, ...missingFlags(WORKER_HEAP_FLAGS, given)];
}
