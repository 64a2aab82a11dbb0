/**
 * `@message-center/server/testing`: the contract suites every adapter passes. Run them from
 * your adapter's vitest file to prove it behaves like the built-in ones:
 *
 * ```ts
 * import { describeStoreContract } from '@message-center/server/testing';
 * describeStoreContract('my-store', async () => {
 *   const store = createMyStore({ ... });
 *   return { store, cleanup: () => store.close() };
 * });
 * ```
 *
 * Needs `vitest` (an optional peer dependency) in the project that runs them.
 */
export { describeStoreContract, type MakeStore } from './store/contract.js';
export { describeBusContract, type BusFactory } from './bus/contract.js';
