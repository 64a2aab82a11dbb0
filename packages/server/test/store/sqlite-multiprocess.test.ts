import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeMessage, toOrg } from '../../src/store/contract/fixtures.contract.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const run = promisify(execFile);
const WRITER = fileURLToPath(new URL('./sqlite-writer.ts', import.meta.url));

/**
 * Several processes on one database file (e.g. the server and a CLI, or a restart overlapping
 * the old process): writes wait for the lock instead of failing, and a read-then-write such as
 * upsertState stays atomic across processes.
 */
describe('sqlite store: several processes on one file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mc-sqlite-procs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes writers wait for the lock instead of failing, loses no write, counts each first read once', async () => {
    const file = join(dir, 'shared.db');
    const setup = createSqliteStore({ file });
    await setup.start();
    const m = makeMessage(toOrg());
    await setup.messages.insert(m);
    await setup.close();

    const processes = 3;
    const users = 200;
    const rounds = 5;
    const startAt = String(Date.now() + 3000);
    const results = await Promise.all(
      Array.from({ length: processes }, () =>
        run(
          process.execPath,
          ['--import', 'tsx', WRITER, file, m.messageId, String(users), String(rounds), startAt],
          { timeout: 120_000 },
        ),
      ),
    );
    const firstReads = results.map(
      (r) => (JSON.parse(r.stdout) as { firstReads: number }).firstReads,
    );
    expect(firstReads.reduce((a, b) => a + b, 0)).toBe(users);

    const check = createSqliteStore({ file });
    await check.start();
    try {
      expect((await check.stats.range('org-a', '2025-03-01', '2025-03-01'))[0]?.read).toBe(
        processes * users * rounds,
      );
      expect(await check.inbox.statesOfMessage('org-a', m.messageId, 1000)).toHaveLength(users);
    } finally {
      await check.close();
    }
  });
});
