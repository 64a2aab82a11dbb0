import { expect } from 'vitest';

/** Input size of the adversarial cases. */
export const N = 100_000;
// Generous for a loaded 2-core machine; a quadratic pattern needs seconds at this size.
export const BOUND_MS = 50;
export const run = (text: string, n = N): string => text.repeat(Math.ceil(n / text.length)).slice(0, n);

/** Asserts `action` stays within `bound` ms of this process's CPU time on every input (best of three). */
export function expectLinear(name: string, inputs: readonly string[], action: (input: string) => unknown, bound = BOUND_MS): void {
  try {
    action('warm-up'); // compiles the code paths; its result doesn't matter
  } catch {
    // a failed expectation on the warm-up input is not the point
  }
  for (const input of inputs) {
    // CPU time of this process, best of three: other processes on a busy machine don't count,
    // and a quadratic pattern is slow every time.
    let ms = Infinity;
    for (let attempt = 0; attempt < 3 && ms >= bound; attempt++) {
      const start = process.cpuUsage();
      action(input);
      const used = process.cpuUsage(start);
      ms = Math.min(ms, (used.user + used.system) / 1000);
    }
    expect(ms, `${name} on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars) took ${ms.toFixed(1)} ms of CPU`).toBeLessThan(bound);
  }
}
