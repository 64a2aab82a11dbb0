import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor, type Client } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

/**
 * Template values reach the templates package's validators and number parsing through an
 * ordinary `templates.send` by a `sender`. Inputs built to make a backtracking pattern fail late
 * (a long run it loops over, then one bad character) must be answered at once, without stalling
 * the server for anyone else. The per-pattern timing checks live in the linear-time unit tests.
 */
describe('linear-time validation of template values on the server', () => {
  let s: SecurityServer;
  let sender: Client;
  beforeAll(async () => {
    s = await startSecurityServer();
    const admin = httpClient(s.server.url, await tokenFor('boss', 'acme', ['admin']), { batch: false });
    await admin.templates.create.mutate({ templateId: 'contact', name: 'Contact', title: 'Contact', content: 'Write to {email}', variables: [{ name: 'email', type: 'EMAIL', required: true }] });
    await admin.templates.create.mutate({ templateId: 'threshold', name: 'Threshold', title: 'Threshold', content: '{if n == 1}one{/if}', variables: [{ name: 'n', type: 'STRING', required: true }] });
    sender = httpClient(s.server.url, await tokenFor('svc', 'acme', ['sender']), { batch: false });
  });
  afterAll(async () => s?.stop());

  it('an EMAIL value of 60,000 dots after "a@" is refused at once; /healthz stays fast', async () => {
    const email = 'a@' + '.'.repeat(60_000) + ' ';
    // A valid send first: the first call pays for cold code paths, which is not the attack.
    expect((await sender.templates.send.mutate({ templateId: 'contact', receiverId: 'ann', values: { email: 'ann@example.test' } })).messageId).toMatch(/^msg_/);
    await whileHealthy(s.server.url, async () => {
      for (let i = 0; i < 3; i++) {
        await expectAppError(sender.templates.send.mutate({ templateId: 'contact', receiverId: 'ann', values: { email } }), 'BAD_REQUEST', 'FORMAT_001', ['values.email']);
      }
    });
  });

  it('a 40,000-digit text compared with == renders at once; /healthz stays fast', async () => {
    const n = '1'.repeat(40_000) + 'x';
    expect((await sender.templates.send.mutate({ templateId: 'threshold', receiverId: 'ann', values: { n: '1' } })).messageId).toMatch(/^msg_/);
    await whileHealthy(s.server.url, async () => {
      for (let i = 0; i < 3; i++) {
        const sent = await sender.templates.send.mutate({ templateId: 'threshold', receiverId: 'ann', values: { n } });
        expect(sent.messageId).toMatch(/^msg_/);
      }
    });
    const ann = httpClient(s.server.url, await tokenFor('ann', 'acme', ['user']), { batch: false });
    const contents = (await ann.messages.list.query({ size: 100 })).items.filter((m) => m.title === 'Threshold').map((m) => m.content);
    expect(contents.sort()).toEqual(['', '', '', 'one']);
  });
});
