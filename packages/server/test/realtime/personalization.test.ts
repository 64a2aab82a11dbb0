import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, sqliteBackend, startTestServer, tokenFor, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { appPool } from './support.js';

describe('templated broadcasts over the live stream', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let admin: Client;
  const { open, stopAll } = appPool();

  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
    await admin.templates.create.mutate({ templateId: 'hello', name: 'Hello', title: 'Hi {recipient.name}', content: 'Dear {recipient.name} ({recipient.id}): {note}', variables: [{ name: 'note', type: 'STRING', required: true }] });
  });
  afterAll(async () => {
    await stopAll();
    await server?.stop();
    await backend?.cleanup();
  });

  it('renders recipient fields per reader, live and on replay, and never exposes the template internals', async () => {
    const ann = await open(server.wsUrl, 'ann');
    const bob = await open(server.wsUrl, 'bob');
    const carl = await open(server.wsUrl, 'carl');
    const carlCheckpoint = carl.client.events.checkpoint();
    await carl.stop();

    const sent = await admin.templates.send.mutate({ templateId: 'hello', scope: 'ORGANIZATION', values: { note: 'maintenance tonight' } });
    await eventually(() => ann.messages.length === 1 && bob.messages.length === 1, 'live messages');
    expect(ann.messages[0]).toMatchObject({ messageId: sent.messageId, title: 'Hi User ann', content: 'Dear User ann (ann): maintenance tonight' });
    expect(bob.messages[0]).toMatchObject({ title: 'Hi User bob', content: 'Dear User bob (bob): maintenance tonight' });
    for (const m of [...ann.messages, ...bob.messages]) expect(m.metadata).not.toHaveProperty('personalization');

    const carlBack = await open(server.wsUrl, 'carl', { resumeFrom: carlCheckpoint });
    await eventually(() => carlBack.messages.length === 1, 'replayed message');
    expect(carlBack.messages[0]).toMatchObject({ title: 'Hi User carl', content: 'Dear User carl (carl): maintenance tonight' });
    expect(carlBack.messages[0]!.metadata).not.toHaveProperty('personalization');
  });
});
