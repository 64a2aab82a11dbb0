import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor, type Client } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

const message = (metadata: Record<string, unknown>) => ({ receiverId: 'uma', messageType: 'BUSINESS' as const, title: 'link', content: '', metadata });

/** Links in messages use allow-listed schemes only (`http`, `https` unless configured). */
describe('URL schemes in message links', () => {
  let s: SecurityServer;
  let custom: SecurityServer;
  let sender: Client;
  beforeAll(async () => {
    s = await startSecurityServer();
    custom = await startSecurityServer({ MC_URL_SCHEMES: 'https,mailto' });
    sender = httpClient(s.server.url, await tokenFor('svc', 'acme', ['sender']), { batch: false });
  });
  afterAll(async () => {
    await s?.stop();
    await custom?.stop();
  });

  it('refuses javascript:, data: and disguised variants in actionUrl and attachments with the paths', async () => {
    await whileHealthy(s.server.url, async () => {
      for (const url of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '\u0001javascript:alert(1)', 'data:text/html,<script>1</script>', 'vbscript:x']) {
        await expectAppError(sender.messages.send.mutate(message({ actionUrl: url })), 'BAD_REQUEST', 'FORMAT_001', ['metadata.actionUrl']);
      }
      await expectAppError(
        sender.messages.send.mutate(message({ attachments: [{ name: 'ok', url: 'https://x.test/a' }, { name: 'bad', url: 'javascript:alert(1)' }] })),
        'BAD_REQUEST',
        'FORMAT_001',
        ['metadata.attachments.1.url'],
      );
      const admin = httpClient(s.server.url, await tokenFor('boss', 'acme', ['admin']), { batch: false });
      await admin.templates.create.mutate({ templateId: 'linked', name: 'Linked', title: 'T', content: 'C' });
      await expectAppError(admin.templates.send.mutate({ templateId: 'linked', receiverId: 'uma', values: {}, metadata: { actionUrl: 'javascript:alert(1)' } }), 'BAD_REQUEST', 'FORMAT_001', ['metadata.actionUrl']);
    });
  });

  it('accepts http, https and relative links by default, and exactly the configured schemes otherwise', async () => {
    await sender.messages.send.mutate(message({ actionUrl: 'https://app.test/orders/1', attachments: [{ name: 'a', url: 'http://files.test/a.pdf' }, { name: 'b', url: '/files/b.pdf' }] }));
    await expectAppError(sender.messages.send.mutate(message({ actionUrl: 'mailto:ops@x.test' })), 'BAD_REQUEST', 'FORMAT_001', ['metadata.actionUrl']);
    const other = httpClient(custom.server.url, await tokenFor('svc', 'acme', ['sender']), { batch: false });
    expect((await other.messages.send.mutate(message({ actionUrl: 'mailto:ops@x.test' }))).messageId).toMatch(/^msg_/);
    await expectAppError(other.messages.send.mutate(message({ actionUrl: 'http://plain.test' })), 'BAD_REQUEST', 'FORMAT_001', ['metadata.actionUrl']);
  });
});
