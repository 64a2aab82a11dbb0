import { afterEach, beforeEach, describe } from 'vitest';
import { describeLifecycleContract } from './contract/lifecycle.contract.js';
import { describeLocksContract } from './contract/locks.contract.js';
import { describeMultiInstanceContract } from './contract/multi-instance.contract.js';
import { describePresenceContract } from './contract/presence.contract.js';
import { describePubSubContract } from './contract/pubsub.contract.js';
import { describeRateLimitContract } from './contract/rate-limit.contract.js';
import type { BusContractContext } from './contract/support.contract.js';
import type { Bus } from '../ports/bus.js';

/**
 * Creates unstarted buses that all share one backend, as server instances share one Redis.
 * `makeBus` returns a new factory over a fresh, empty backend for every test.
 */
export type BusFactory = () => Bus;

/**
 * The behaviour every bus adapter must show. An adapter is done when this suite passes on it:
 *
 * ```ts
 * describeBusContract('memory', () => {
 *   const backend = createMemoryBusBackend();
 *   return () => createMemoryBus({ backend });
 * });
 * ```
 */
export function describeBusContract(
  name: string,
  makeBus: () => BusFactory | Promise<BusFactory>,
): void {
  describe(`bus contract: ${name}`, () => {
    const opened: Bus[] = [];
    let factory: BusFactory | undefined;

    beforeEach(async () => {
      factory = await makeBus();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
    });

    const createBus = (): Bus => {
      if (!factory) throw new Error('bus factory used outside a test');
      const bus = factory();
      opened.push(bus);
      return bus;
    };
    const context: BusContractContext = {
      createBus,
      async openBus() {
        const bus = createBus();
        await bus.start();
        return bus;
      },
    };

    describeLifecycleContract(context);
    describePubSubContract(context);
    describePresenceContract(context);
    describeRateLimitContract(context);
    describeLocksContract(context);
    describeMultiInstanceContract(context);
  });
}
