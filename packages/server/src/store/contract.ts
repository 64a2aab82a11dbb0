/**
 * The store contract: one suite every `Store` adapter must pass. Run it from an adapter's test:
 *
 * ```ts
 * describeStoreContract('sqlite', async () => {
 *   const dir = await mkdtemp(join(tmpdir(), 'mc-'));
 *   const store = createSqliteStore({ file: join(dir, 'mc.db') });
 *   return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true }); } };
 * });
 * ```
 *
 * Each test gets a fresh store from `makeStore` (the suite calls `start()`, which must be
 * idempotent) and calls `cleanup` afterwards.
 */
import { describe, expect, it } from 'vitest';
import { concurrencyContract } from './contract/concurrency.contract.js';
import { countersContract } from './contract/counters.contract.js';
import { useFreshStore, type MakeStore, type StoreFixture } from './contract/fixtures.contract.js';
import { groupsContract } from './contract/groups.contract.js';
import { inboxBatchesContract } from './contract/inbox-batches.contract.js';
import { inboxListContract } from './contract/inbox-list.contract.js';
import { inboxStateContract } from './contract/inbox-state.contract.js';
import { inboxVisibilityContract } from './contract/inbox-visibility.contract.js';
import { messagesContract } from './contract/messages.contract.js';
import { searchContract } from './contract/search.contract.js';
import { templatesContract } from './contract/templates.contract.js';
import { adminRecordsContract } from './contract/admin-records.contract.js';
import { routingContract } from './contract/routing.contract.js';
import type { Store } from '../ports/store.js';

export type { MakeStore } from './contract/fixtures.contract.js';

/** Registers the whole store contract suite for the adapter `makeStore` builds. */
export function describeStoreContract(
  name: string,
  makeStore: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    const ctx = useFreshStore(makeStore satisfies MakeStore);
    lifecycleContract(ctx);
    messagesContract(ctx);
    inboxListContract(ctx);
    inboxVisibilityContract(ctx);
    searchContract(ctx);
    inboxStateContract(ctx);
    inboxBatchesContract(ctx);
    groupsContract(ctx);
    templatesContract(ctx);
    countersContract(ctx);
    concurrencyContract(ctx);
    adminRecordsContract(ctx);
    routingContract(ctx);
  });
}

function lifecycleContract(ctx: StoreFixture): void {
  describe('lifecycle', () => {
    it('is ready after start, tolerates a second start, and is safe to close twice', async () => {
      expect(typeof ctx.store.name).toBe('string');
      expect(ctx.store.name.length).toBeGreaterThan(0);
      expect(await ctx.store.isReady()).toBe(true);
      await ctx.store.start();
      expect(await ctx.store.isReady()).toBe(true);
      await ctx.store.close();
      expect(await ctx.store.isReady()).toBe(false);
      await ctx.store.close();
    });
  });
}
