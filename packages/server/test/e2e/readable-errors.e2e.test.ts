import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, sqliteBackend, startTestServer, tokenFor, wsClient, type BackendUnderTest, type Client, type TestServer } from '../support/server.js';
import { expectAppError } from './expect-error.js';

/**
 * A refused input answers with one readable sentence per field in `error.message`, and the same
 * per field in `error.data.issues` — over HTTP and over WebSocket alike.
 */
describe('readable validation errors', () => {
  let backend: BackendUnderTest;
  let server: TestServer;
  let token: string;
  let overWs: { client: Client; close: () => Promise<void> };
  beforeAll(async () => {
    backend = await sqliteBackend();
    server = await startTestServer(backend.env);
    token = await tokenFor('root', 'acme', ['platform']);
    overWs = wsClient(server.wsUrl, token);
  });
  afterAll(async () => {
    await overWs?.close();
    await server?.stop();
    await backend?.cleanup();
  });

  const nested = (c: Client) =>
    c.messages.send.mutate({ receiverId: 'u1', messageType: 'NOPE', title: 't', content: '', metadata: { attachments: [{ name: 'a.pdf' }] } } as never);
  const union = (c: Client) => c.messages.batchRead.mutate({} as never);

  for (const transport of ['HTTP', 'WebSocket'] as const) {
    const client = () => (transport === 'HTTP' ? httpClient(server.url, token, { batch: false }) : overWs.client);

    it(`${transport}: an enum and a nested field, one sentence each`, async () => {
      const e = await expectAppError(nested(client()), 'BAD_REQUEST', 'FORMAT_001', ['messageType', 'metadata.attachments.0.url']);
      expect(e.message).toBe('messageType: expected one of SYSTEM, BUSINESS, ALERT, NOTIFICATION, ANNOUNCEMENT; metadata.attachments.0.url: is required');
      expect(e.data?.issues).toEqual([
        { path: 'messageType', message: 'expected one of SYSTEM, BUSINESS, ALERT, NOTIFICATION, ANNOUNCEMENT', code: 'invalid_value' },
        { path: 'metadata.attachments.0.url', message: 'is required', code: 'invalid_type' },
      ]);
    });

    it(`${transport}: a union says what each allowed form lacks`, async () => {
      const e = await expectAppError(union(client()), 'BAD_REQUEST', 'FORMAT_001');
      expect(e.message).toBe('(input): matches none of the allowed forms (messageIds is required; or all expected true)');
      expect(e.data?.issues).toEqual([{ path: '(input)', message: e.message.replace('(input): ', ''), code: 'invalid_union' }]);
    });
  }

  it('keeps the raw zod issue list out of the message', async () => {
    const e = await expectAppError(nested(httpClient(server.url, token, { batch: false })), 'BAD_REQUEST', 'FORMAT_001');
    expect(e.message).not.toContain('"code"');
    expect(e.message).not.toContain('[');
  });
});
