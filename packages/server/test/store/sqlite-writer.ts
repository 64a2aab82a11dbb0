/**
 * A separate process writing to a shared SQLite file, for the multi-process test. Marks every
 * (message, user) pair read and bumps a counter; prints how many first reads it saw.
 * Usage: sqlite-writer.ts <file> <messageId> <users> <rounds> <startAtEpochMs>
 */
import { createSqliteStore } from '../../src/store/sqlite/index.js';

const [file, messageId, usersArg, roundsArg, startAtArg] = process.argv.slice(2);
if (!file || !messageId || !usersArg || !roundsArg || !startAtArg) {
  throw new Error('usage: sqlite-writer.ts <file> <messageId> <users> <rounds> <startAtEpochMs>');
}
const store = createSqliteStore({ file, busyTimeoutMs: 20_000 });
await store.start();
// Start together so the writers really overlap (process start-up times differ a lot).
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtArg) - Date.now())));
let firstReads = 0;
for (let round = 0; round < Number(roundsArg); round++) {
  for (let u = 0; u < Number(usersArg); u++) {
    const now = new Date();
    const prev = await store.inbox.upsertState(
      { userId: `user-${u}`, orgId: 'org-a', messageId, now },
      { state: 'READ', readTime: now },
    );
    if (!prev?.readTime) firstReads++;
    await store.stats.increment('org-a', '2025-03-01', 'ALERT', { read: 1 });
  }
}
await store.close();
process.stdout.write(JSON.stringify({ firstReads }));
