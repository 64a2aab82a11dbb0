import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';

/** The attack of a template that does little per loop iteration but builds large values in it. */
const ATTACK = "{for i in l}{if size(replace(x,'a',x)) == 0}{/if}{/for}";

async function healthzLatencyWhile(url: string, attack: Promise<unknown>): Promise<number> {
  let worst = 0;
  let isDone = false;
  void attack.finally(() => (isDone = true)).catch(() => undefined);
  while (!isDone) {
    const started = performance.now();
    await fetch(`${url}/healthz`);
    worst = Math.max(worst, performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  await attack.catch(() => undefined);
  return worst;
}

describe('template evaluation budget on the server', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    await admin.groups.create.mutate({ groupId: 'all-hands', name: 'All hands', members: ['ann', 'bob'] });
  });
  afterAll(async () => {
    await server?.stop();
    await backend?.cleanup();
  });

  // 1,000 iterations (a query travels in the URL); without a budget this preview ran for seconds.
  const values = { x: 'a'.repeat(1_000), l: Array.from({ length: 1_000 }, (_, i) => i) };
  const variables = [
    { name: 'x', type: 'STRING' as const, required: true },
    { name: 'l', type: 'ARRAY' as const, required: true },
  ];

  it('a preview that would run for seconds stops at the budget with a positioned diagnostic, and /healthz stays fast', async () => {
    const preview = admin.templates.preview.query({ source: { title: 'T', content: ATTACK, variables }, values });
    const worst = await healthzLatencyWhile(server.url, preview);
    const result = await preview;
    expect(result.content).toBeNull();
    expect(result.diagnostics.content).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'BUDGET_EXCEEDED', line: 1 })]));
    expect(worst).toBeLessThan(500);
  });

  it('a send whose template exceeds the budget is refused before anything is stored', async () => {
    await admin.templates.create.mutate({ templateId: 'heavy', name: 'Heavy', title: 'Heavy', content: ATTACK, variables });
    await expectAppError(admin.templates.send.mutate({ templateId: 'heavy', receiverId: 'ann', values }), 'BAD_REQUEST', 'FORMAT_001', ['values']);
    expect((await httpClient(server.url, await tokenFor('ann', 'acme', ['user'])).messages.list.query({})).total).toBe(0);
  });

  it('a group message rendered per reader must fit the smaller per-reader budget', async () => {
    // 5,000 loop iterations of a few comparisons: fine once, too much for every reader.
    const perReader = `{recipient.name}{for i in l}${'{if i == 0}{/if}'.repeat(8)}{/for}`;
    await admin.templates.create.mutate({ templateId: 'per-reader', name: 'Per reader', title: 'Hi {recipient.name}', content: perReader, variables: [{ name: 'l', type: 'ARRAY', required: true }] });
    const list = Array.from({ length: 5_000 }, (_, i) => i);
    await admin.templates.send.mutate({ templateId: 'per-reader', receiverId: 'ann', values: { l: list } });
    const refused = await expectAppError(admin.templates.send.mutate({ templateId: 'per-reader', groupId: 'all-hands', groupType: 'USER_GROUP', values: { l: list } }), 'BAD_REQUEST', 'FORMAT_001');
    expect(refused.message).toMatch(/rendered for every reader/);
    await admin.templates.send.mutate({ templateId: 'per-reader', groupId: 'all-hands', groupType: 'USER_GROUP', values: { l: list.slice(0, 100) } });
    const bob = httpClient(server.url, await tokenFor('bob', 'acme', ['user'], { name: 'Bob' }));
    const [item] = (await bob.messages.list.query({})).items;
    expect(item?.title).toBe('Hi Bob');
  });
});
