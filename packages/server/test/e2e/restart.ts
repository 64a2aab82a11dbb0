import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../support/process.js';
import { httpClient, tokenFor, TEST_SECRET, type BackendUnderTest } from '../support/server.js';

const run = promisify(execFile);
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli.ts');

/** The reference server as a real OS process: restart on the same data, graceful SIGTERM, CLI tokens. */
export function describeRestart(label: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`server process on ${label}`, () => {
    let backend: BackendUnderTest;
    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(async () => backend?.cleanup());

    it('keeps everything across a restart on the same data, and stops cleanly on SIGTERM', async () => {
      const env = { ...backend.env, MC_JWT_SECRET: TEST_SECRET };
      const first = await spawnServer(env);
      const sender = httpClient(first.url, await tokenFor('svc', 'acme', ['admin']));
      const m = await sender.messages.send.mutate({ receiverId: 'rita', messageType: 'SYSTEM', title: '重启前', content: 'before restart' });
      await sender.groups.create.mutate({ groupId: 'keepers', name: 'Keepers', members: ['rita'] });
      const rita = httpClient(first.url, await tokenFor('rita', 'acme', ['user']));
      await rita.messages.markRead.mutate({ messageId: m.messageId });
      const later = await sender.messages.send.mutate({ receiverId: 'rita', messageType: 'SYSTEM', title: 'scheduled', content: '', deliverAt: new Date(Date.now() + 4000) });
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = await spawnServer(env);
      try {
        const rita2 = httpClient(second.url, await tokenFor('rita', 'acme', ['user']));
        const got = await rita2.messages.get.query({ messageId: m.messageId });
        expect(got).toMatchObject({ title: '重启前', state: 'READ' });
        expect((await rita2.messages.search.query({ q: '重启' })).items).toHaveLength(1);
        const admin2 = httpClient(second.url, await tokenFor('svc', 'acme', ['admin']));
        expect((await admin2.groups.get.query({ groupId: 'keepers' })).members).toEqual(['rita']);
        // The scheduled message fires from the store after the restart.
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
          if ((await rita2.messages.list.query({})).items.some((i) => i.messageId === later.messageId)) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        expect((await rita2.messages.get.query({ messageId: later.messageId })).status).toBe('SENT');
      } finally {
        expect(await second.stop('SIGTERM')).toBe(0);
      }
    });

    it('message-center token prints a working token; the first start generates a secret when none is set', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'mc-secret-'));
      const env = { ...process.env, ...backend.env, MC_DATA_DIR: dataDir, MC_JWT_SECRET: '' };
      const server = await spawnServer({ ...backend.env, MC_DATA_DIR: env.MC_DATA_DIR, MC_JWT_SECRET: '' });
      try {
        expect(server.output()).toContain('message-center token');
        const { stdout } = await run(process.execPath, ['--conditions=@message-center/source', '--import', 'tsx', CLI, 'token', '--user', 'tina', '--org', 'acme', '--role', 'user', '--role', 'sender', '--ttl', '10m'], { env });
        const token = stdout.trim();
        expect(token.split('.')).toHaveLength(3);
        const tina = httpClient(server.url, token);
        await tina.messages.send.mutate({ receiverId: 'tina', messageType: 'SYSTEM', title: 'self', content: '' });
        expect((await tina.messages.unreadCount.query()).total).toBe(1);
      } finally {
        await server.stop();
      }
    });

    it('refuses to start on a bad variable and names it', async () => {
      await expect(spawnServer({ ...backend.env, PORT_OVERRIDE: '1', MC_STORE: 'oracle' })).rejects.toThrow(/MC_STORE/);
    });
  });
}
