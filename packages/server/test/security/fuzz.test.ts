import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/trpc/root.js';
import { tokenFor } from '../support/server.js';
import { arbitraryOf } from './zod-arbitrary.js';
import { rawCall, startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: unknown[];
}

/** Every query and mutation with its input schema (subscriptions are long-lived streams, not calls). */
function procedures(): { path: string; type: 'query' | 'mutation'; schema: unknown }[] {
  const all = (appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures;
  return Object.entries(all)
    .filter(([, p]) => p._def.type !== 'subscription')
    .map(([path, p]) => ({ path, type: p._def.type as 'query' | 'mutation', schema: p._def.inputs[0] }));
}

const RUNS_PER_PROCEDURE = 25;

/**
 * A fixed seed per procedure, so every run sends the same calls and a failure replays exactly;
 * `MC_FUZZ_SEED=<n>` explores other inputs.
 */
const BASE_SEED = Number(process.env.MC_FUZZ_SEED ?? 20_261_129);
const seedOf = (path: string): number => [...path].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, BASE_SEED);

/** Mostly the platform operator (every procedure runs), sometimes narrower roles or no token. */
const callerToken = (tokens: string[]): fc.Arbitrary<string | null> =>
  fc.oneof({ arbitrary: fc.constant(tokens[2] ?? null), weight: 6 }, { arbitrary: fc.constantFrom(tokens[0] ?? null, tokens[1] ?? null), weight: 2 }, { arbitrary: fc.constant(null), weight: 1 });

/**
 * Generated inputs for every procedure, sent over HTTP to a real server by callers of every role:
 * no 5xx, no crash, and `/healthz` answering within 500 ms throughout.
 */
describe('fuzzing every procedure from its zod schema', () => {
  let s: SecurityServer;
  let tokens: string[];
  beforeAll(async () => {
    s = await startSecurityServer({ MC_READ_RATE_LIMIT_USER: '1000000' });
    tokens = await Promise.all([
      tokenFor('fz-user', 'fuzz', ['user']),
      tokenFor('fz-admin', 'fuzz', ['admin', 'sender']),
      tokenFor('fz-root', 'fuzz', ['platform']),
    ]);
  });
  afterAll(async () => s?.stop());

  it('answers every generated call without a server error', async () => {
    const failures: string[] = [];
    let calls = 0;
    const byStatus = new Map<number, number>();
    await whileHealthy(s.server.url, async () => {
      for (const { path, type, schema } of procedures()) {
        const input = schema ? arbitraryOf(schema) : fc.constant(undefined);
        await fc.assert(
          fc.asyncProperty(input, callerToken(tokens), async (value, token) => {
            const r = await rawCall(s.server.url, token, type, path, value);
            calls++;
            byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
            if (r.status >= 500) failures.push(`${path} ${r.status} ${JSON.stringify(value)?.slice(0, 300)} → ${JSON.stringify(r.body).slice(0, 300)}`);
          }),
          { numRuns: RUNS_PER_PROCEDURE, seed: seedOf(path) },
        );
      }
    });
    console.log(`${calls} calls, by status: ${JSON.stringify(Object.fromEntries(byStatus))}`);
    expect(failures).toEqual([]);
    // The generator must get calls past validation, or it only fuzzes the validator.
    expect(byStatus.get(200) ?? 0, JSON.stringify([...byStatus])).toBeGreaterThan(calls * 0.15);
    expect(calls).toBeGreaterThanOrEqual(procedures().length * RUNS_PER_PROCEDURE);
  }, 240_000);
});
