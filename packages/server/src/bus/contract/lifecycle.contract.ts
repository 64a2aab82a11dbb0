import { describe, expect, it } from 'vitest';
import type { BusContractContext } from './support.contract.js';

export function describeLifecycleContract({ createBus }: BusContractContext): void {
  describe('lifecycle', () => {
    it('is ready only between start and close', async () => {
      const bus = createBus();
      expect(bus.isReady()).toBe(false);
      await bus.start();
      await bus.start();
      expect(bus.isReady()).toBe(true);
      await bus.close();
      expect(bus.isReady()).toBe(false);
      await bus.close();
    });

    it('names itself for logs', () => {
      expect(createBus().name).toMatch(/\S/);
    });

    it('refuses to publish or subscribe once closed', async () => {
      const bus = createBus();
      await bus.start();
      await bus.close();
      await expect(bus.publish('lifecycle', 'x')).rejects.toThrow();
      await expect(bus.subscribe('lifecycle', () => undefined)).rejects.toThrow();
    });

    it('returns a remover from onConnectionChange', async () => {
      const bus = createBus();
      await bus.start();
      const remove = bus.onConnectionChange(() => undefined);
      expect(typeof remove).toBe('function');
      remove();
      remove();
    });
  });
}
