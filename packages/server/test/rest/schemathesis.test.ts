import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type TestServer } from '../support/server.js';
import { REST_ROUTES } from '../../src/transport/rest/routes.js';

/**
 * The arguments of the Schemathesis run (also in the README). Checks: no 5xx, every response
 * matches its documented schema, no status code outside the documented ones. `/events` is an
 * endless stream, covered by the SSE tests instead. Ten examples per operation keeps the run
 * near two minutes on two cores.
 */
function schemathesisArgs(baseUrl: string, token: string): string[] {
  return [
    'run',
    `${baseUrl}/api/v1/openapi.json`,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    'not_a_server_error,response_schema_conformance,status_code_conformance',
    '--exclude-path',
    '/events',
    '--max-examples',
    '10',
    // The coverage phase crashes inside Hypothesis on CPython 3.11 ("AST constructor recursion
    // depth mismatch" while describing a deeply nested strategy), so it is left out; the
    // examples, fuzzing and stateful phases run every operation.
    '--phases',
    'examples,fuzzing,stateful',
    '--workers',
    '2',
    '--generation-database',
    'none',
    '--no-color',
  ];
}

/** The failures and errors sections and the summary, with over-long lines (generated URLs) cut. */
function report(output: string): string {
  const marks = [' FAILURES ', ' ERRORS '].map((m) => output.indexOf(m)).filter((i) => i >= 0);
  const start = marks.length ? output.lastIndexOf('\n', Math.min(...marks)) + 1 : -1;
  return output
    .slice(start < 0 ? -8000 : start)
    .split('\n')
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}… (${line.length} characters)` : line))
    .join('\n')
    .slice(0, 12_000);
}

describe('Schemathesis against the live server', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer({ ...backend.env, MC_RATE_LIMIT_USER: '100000', MC_RATE_LIMIT_ORG: '100000' });
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  it('finds no server error, no response-schema violation and no undocumented status code on any operation', async () => {
    const token = await tokenFor('ops', 'acme', ['admin']);
    // Extra arguments, e.g. `MC_SCHEMATHESIS_ARGS='--seed 8061…'` to replay the seed a failed run printed.
    const extra = process.env.MC_SCHEMATHESIS_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn('schemathesis', [...schemathesisArgs(server.url, token), ...extra], { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (err) => reject(new Error(`schemathesis could not start (pip install schemathesis; see .ci/run): ${err.message}`)));
      child.once('exit', resolve);
    });
    expect(code, report(output)).toBe(0);
    // Every operation of the route table was exercised (`/events` is excluded above).
    const operations = new Set(REST_ROUTES.map((r) => `${r.method} ${r.path}`)).size;
    expect(output).toMatch(new RegExp(`Tested:\\s+${operations}\\b`));
  }, 420_000);
});
