import { setFlagsFromString } from 'node:v8';

/**
 * V8 heap settings for a server that holds tens of thousands of mostly idle WebSocket
 * connections. With V8's defaults, a burst of connections (each one verified, authenticated and
 * subscribed: short-lived garbage on top of a few kilobytes that stay) leaves the old generation
 * sized for several times the live data, and the memory reducer waits 8 s of quiet before it
 * gives pages back; the resident size measured after a burst was about twice the live heap.
 *
 * - `--heap-growing-percent=20`: after a full collection the old generation may grow to 1.2×
 *   the live data before the next one (V8 picks 1.1–4× by its own heuristics).
 * - `--gc-memory-reducer-start-delay-ms=1000`: shrink the heap after 1 s of low allocation, not 8 s.
 * - `--max-semi-space-size=4` (start-up flag, so only for processes this program starts: the
 *   workers of `serve --workers N`): young generation of at most 2 × 4 MiB instead of 2 × 16 MiB.
 *
 * The cost is more frequent collections under allocation-heavy load; the benchmarks in `bench/`
 * (`connections`, `broadcast`) measure both sides. A flag given explicitly (on the command line,
 * in `NODE_OPTIONS` or, for workers, in `execArgv`) wins over these.
 */
export const RUNTIME_HEAP_FLAGS: readonly string[] = ['--heap-growing-percent=20', '--gc-memory-reducer-start-delay-ms=1000'];

/** Flags that only take effect when a process starts (passed to the workers a primary forks). */
export const STARTUP_HEAP_FLAGS: readonly string[] = ['--max-semi-space-size=4'];

/** The name of a flag (`--max-semi-space-size=4` → `max-semi-space-size`), with `_` read as `-`. */
function flagName(flag: string): string {
  return flag.replace(/^--/, '').split('=')[0]!.replaceAll('_', '-');
}

/** `flags` minus those whose name already appears among `given` (explicit settings win). */
export function missingFlags(flags: readonly string[], given: readonly string[]): string[] {
  const named = new Set(given.filter((g) => g.startsWith('--')).map(flagName));
  return flags.filter((f) => !named.has(flagName(f)));
}

/** The flags given to this process explicitly: its command line and `NODE_OPTIONS` (from `env`). */
export function givenNodeFlags(env: Record<string, string | undefined>): string[] {
  return [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
}

/**
 * Applies `RUNTIME_HEAP_FLAGS` to this process (those V8 reads at each collection, so they take
 * effect when set after start-up). Call before the server allocates. Returns the flags applied.
 */
export function applyRuntimeHeapFlags(given: readonly string[]): string[] {
  const flags = missingFlags(RUNTIME_HEAP_FLAGS, given);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}

/** The `execArgv` for a worker: this process's own plus every heap flag it does not set itself. */
export function workerExecArgv(env: Record<string, string | undefined>): string[] {
  return [...process.execArgv, ...missingFlags([...STARTUP_HEAP_FLAGS, ...RUNTIME_HEAP_FLAGS], givenNodeFlags(env))];
}
