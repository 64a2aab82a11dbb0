import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor, type Client, type TestServer } from '../support/server.js';
import { ControlledClock, startClockedServer } from './support.js';

describe('strict receivers and FAILED messages (real server)', () => {
  const clock = new ControlledClock();
  const dir = mkdtempSync(join(tmpdir(), 'mc-receivers-'));
  let server: TestServer;
  let sender: Client;
  let admin: Client;
  const send = (receiverId: string) =>
    sender.messages.send.mutate({
      receiverId,
      messageType: 'NOTIFICATION',
      title: 'hello',
      content: 'x',
    });

  beforeAll(async () => {
    server = await startClockedServer(dir, clock, {
      MC_STRICT_RECEIVERS: '1',
      MC_RECEIVER_ALLOWLIST: 'kiosk-1, kiosk-2',
    });
    sender = httpClient(server.url, await tokenFor('svc', 'acme', ['sender']));
    admin = httpClient(server.url, await tokenFor('boss', 'acme', ['admin']));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a receiver the org has never seen with MSG_001 and a clear message', async () => {
    const error = await send('ghost').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const e = error as TRPCClientError<never>;
    // A refusal, not a server failure: 422, so that HTTP clients do not retry it.
    expect(e.data).toMatchObject({ appCode: 'MSG_001', code: 'UNPROCESSABLE_CONTENT', httpStatus: 422, fieldPaths: ['receiverId'] });
    expect(e.message).toMatch(/ghost is not known in organization acme/);
    const rest = await fetch(`${server.url}/api/v1/messages/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('svc', 'acme', ['sender'])}`, 'content-type': 'application/json' },
      body: JSON.stringify({ receiverId: 'ghost', messageType: 'NOTIFICATION', title: 'hello', content: 'x' }),
    });
    expect(rest.status).toBe(422);
    expect(await rest.json()).toMatchObject({ code: 422, data: { appCode: 'MSG_001', fieldPaths: ['receiverId'] } });
    expect((await admin.messages.orgList.query({})).total).toBe(0);
  });

  it('accepts users seen in the org, added by an admin, or on the allow-list; not users of another org', async () => {
    await httpClient(
      server.url,
      await tokenFor('lena', 'acme', ['user']),
    ).messages.unreadCount.query();
    await admin.users.upsert.mutate({ userId: 'max' });
    await httpClient(
      server.url,
      await tokenFor('olga', 'globex', ['user']),
    ).messages.unreadCount.query();
    expect((await send('lena')).status).toBe('SENT');
    expect((await send('max')).status).toBe('SENT');
    expect((await send('kiosk-2')).status).toBe('SENT');
    await expect(send('olga')).rejects.toMatchObject({ data: { appCode: 'MSG_001' } });
  });

  it("marks a direct message FAILED when the receiver's client reports FAILED, and the console search shows it", async () => {
    const lena = httpClient(server.url, await tokenFor('lena', 'acme', ['user']));
    const sent = await send('lena');
    await lena.messages.ack.mutate({
      messageId: sent.messageId,
      status: 'FAILED',
      errorMessage: 'render crashed after 3 retries',
    });
    const listed = await admin.messages.orgList.query({ q: 'hello' });
    expect(listed.items.find((m) => m.messageId === sent.messageId)?.status).toBe('FAILED');
  });
});
