import { describe, expect, it } from 'vitest';
import { sleep, uniqueName, waitFor, type BusContractContext } from './support.contract.js';

export function describeLocksContract({ openBus }: BusContractContext): void {
  describe('locks', () => {
    it('is held by one owner at a time and renewed by its owner', async () => {
      const { locks } = await openBus();
      const name = uniqueName('scheduler');
      expect(await locks.acquire(name, 'a', 60_000)).toBe(true);
      expect(await locks.acquire(name, 'b', 60_000)).toBe(false);
      expect(await locks.acquire(name, 'a', 60_000)).toBe(true);
      expect(await locks.acquire(name, 'b', 60_000)).toBe(false);
    });

    it('is released only by its owner', async () => {
      const { locks } = await openBus();
      const name = uniqueName('sweeper');
      await locks.acquire(name, 'a', 60_000);
      await locks.release(name, 'b');
      expect(await locks.acquire(name, 'b', 60_000)).toBe(false);
      await locks.release(name, 'a');
      expect(await locks.acquire(name, 'b', 60_000)).toBe(true);
    });

    it('frees itself when the lease expires', async () => {
      const { locks } = await openBus();
      const name = uniqueName('expiring');
      await locks.acquire(name, 'a', 200);
      await waitFor(() => locks.acquire(name, 'b', 60_000), 'the lease to expire');
      expect(await locks.acquire(name, 'a', 60_000)).toBe(false);
    });

    it('extends the lease when the owner renews', async () => {
      const { locks } = await openBus();
      const name = uniqueName('renewed');
      await locks.acquire(name, 'a', 300);
      expect(await locks.acquire(name, 'a', 60_000)).toBe(true);
      await sleep(700);
      expect(await locks.acquire(name, 'b', 60_000)).toBe(false);
    });

    it('grants a contended lock to exactly one of many concurrent owners', async () => {
      const { locks } = await openBus();
      const name = uniqueName('contended');
      const owners = Array.from({ length: 20 }, (_, i) => `owner-${i}`);
      const granted = await Promise.all(owners.map((owner) => locks.acquire(name, owner, 60_000)));
      expect(granted.filter(Boolean)).toHaveLength(1);
    });

    it('rejects a non-positive TTL', async () => {
      const { locks } = await openBus();
      await expect(locks.acquire(uniqueName('bad'), 'a', 0)).rejects.toThrow(RangeError);
    });
  });
}
