import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, httpClient, tokenFor, wsClient, type Client } from '../support/server.js';
import { rawCall, startSecurityServer, type SecurityServer } from './support.js';

/** Free-form JSON as an attacker would send it: any keys (poisonous ones included), any nesting. */
const hostileKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', 'a.b', ''));
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
})).object;
const link = fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', ' JaVa\tScRiPt:alert(1)', 'data:text/html,x', '/relative/path', 'mailto:a@b.c'), fc.string({ maxLength: 30 }));

/**
 * Whatever the API accepts must stay readable by everyone it reaches: listed, searched, pushed
 * live and replayed on resume. One accepted message that breaks serialization would break every
 * response that includes it.
 */
describe('any accepted message can be listed, searched, streamed and replayed', () => {
  let s: SecurityServer;
  let senderToken: string;
  let reader: Client;
  let live: ReturnType<typeof wsClient>;
  const pushed: { id: string; messageId: string }[] = [];
  beforeAll(async () => {
    s = await startSecurityServer();
    senderToken = await tokenFor('svc', 'acme', ['sender']);
    const readerToken = await tokenFor('pat', 'acme', ['user']);
    reader = httpClient(s.server.url, readerToken, { batch: false });
    live = wsClient(s.server.wsUrl, readerToken);
    let isLive = false;
    live.client.realtime.events.subscribe(
      {},
      {
        onData: (e) => {
          if (e.data.type === 'UNREAD_COUNT') isLive = true;
          if (e.data.type === 'MESSAGE') pushed.push({ id: e.id, messageId: e.data.message.messageId });
        },
      },
    );
    await eventually(() => isLive, 'live stream');
  });
  afterAll(async () => {
    await live?.close();
    await s?.stop();
  });

  it('holds for generated titles, contents, custom data and links', async () => {
    const accepted: string[] = [];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 0, maxLength: 40 }),
        fc.string({ maxLength: 200 }),
        hostileJson,
        fc.option(link, { nil: undefined }),
        fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 10 }), url: link }), { maxLength: 2 }),
        async (title, content, customData, actionUrl, attachments) => {
          const marker = `probe${run++}x`;
          const input = { receiverId: 'pat', messageType: 'BUSINESS', title: `${marker} ${title}`, content, metadata: { customData, actionUrl, attachments } };
          const sent = await rawCall(s.server.url, senderToken, 'mutation', 'messages.send', input);
          expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(500);
          if (sent.status !== 200) return;
          const messageId = (sent.body as { result: { data: { json: { messageId: string } } } }).result.data.json.messageId;
          accepted.push(messageId);
          const page = await reader.messages.list.query({ size: 5 });
          expect(page.items.map((m) => m.messageId)).toContain(messageId);
          const found = await reader.messages.search.query({ q: marker });
          expect(found.items.map((m) => m.messageId)).toContain(messageId);
          await eventually(() => pushed.some((p) => p.messageId === messageId), `live push of ${messageId}`);
        },
      ),
      { numRuns: 40 },
    );
    expect(accepted.length).toBeGreaterThan(0);

    // Replay: a client that saw only the first push resumes and receives every later one.
    const first = pushed.find((p) => p.messageId === accepted[0]);
    expect(first).toBeDefined();
    const replayed: string[] = [];
    const resumed = wsClient(s.server.wsUrl, await tokenFor('pat', 'acme', ['user']));
    try {
      resumed.client.realtime.events.subscribe(
        { lastEventId: first!.id },
        { onData: (e) => (e.data.type === 'MESSAGE' ? replayed.push(e.data.message.messageId) : undefined) },
      );
      await eventually(() => accepted.slice(1).every((id) => replayed.includes(id)), 'replay of every accepted message');
    } finally {
      await resumed.close();
    }
  });
});
