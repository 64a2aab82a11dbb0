import { describe, expect, it } from 'vitest';
import { subscribeInbox, uniqueName, type BusContractContext } from './support.contract.js';

export function describePubSubContract({ openBus }: BusContractContext): void {
  describe('publish / subscribe', () => {
    it('delivers exactly the published string, multi-byte characters included', async () => {
      const bus = await openBus();
      const channel = uniqueName('user');
      const inbox = await subscribeInbox(bus, channel);
      const payload = JSON.stringify({
        title: '系统维护通知 🚧',
        body: 'x'.repeat(64 * 1024),
        n: 1,
      });
      await bus.publish(channel, payload);
      await inbox.waitForCount(1);
      expect(inbox.payloads).toEqual([payload]);
    });

    it('never runs a handler inside the publisher call', async () => {
      const bus = await openBus();
      const channel = uniqueName('reentry');
      const inbox = await subscribeInbox(bus, channel);
      const published = bus.publish(channel, 'p');
      expect(inbox.payloads).toEqual([]);
      await published;
      await inbox.waitForCount(1);
    });

    it('delivers to every subscriber once, in publish order', async () => {
      const bus = await openBus();
      const channel = uniqueName('org');
      const first = await subscribeInbox(bus, channel);
      const second = await subscribeInbox(bus, channel);
      for (const payload of ['1', '2', '3']) await bus.publish(channel, payload);
      await first.waitForCount(3);
      await second.waitForCount(3);
      // A sentinel proves nothing else was still on its way.
      await bus.publish(channel, 'end');
      await first.waitForCount(4);
      await second.waitForCount(4);
      expect(first.payloads).toEqual(['1', '2', '3', 'end']);
      expect(second.payloads).toEqual(['1', '2', '3', 'end']);
    });

    it('stops only the removed subscription', async () => {
      const bus = await openBus();
      const channel = uniqueName('unsub');
      const kept = await subscribeInbox(bus, channel);
      const removed = await subscribeInbox(bus, channel);
      await bus.publish(channel, 'before');
      await removed.waitForCount(1);
      await removed.unsubscribe();
      await removed.unsubscribe();
      await bus.publish(channel, 'after');
      await kept.waitForCount(2);
      expect(kept.payloads).toEqual(['before', 'after']);
      expect(removed.payloads).toEqual(['before']);
    });

    it('does not leak payloads across channels', async () => {
      const bus = await openBus();
      const watched = uniqueName('watched');
      const other = uniqueName('other');
      const inbox = await subscribeInbox(bus, watched);
      // Published first: had it leaked it would arrive before the watched payload.
      await bus.publish(other, 'not for you');
      await bus.publish(watched, 'for you');
      await inbox.waitForCount(1);
      expect(inbox.payloads).toEqual(['for you']);
    });

    it('does not deliver what was published before subscribing', async () => {
      const bus = await openBus();
      const channel = uniqueName('late');
      await bus.publish(channel, 'early');
      const inbox = await subscribeInbox(bus, channel);
      await bus.publish(channel, 'late');
      await inbox.waitForCount(1);
      expect(inbox.payloads).toEqual(['late']);
    });

    it('subscribes again after the last subscription of a channel was removed', async () => {
      const bus = await openBus();
      const channel = uniqueName('again');
      const first = await subscribeInbox(bus, channel);
      await first.unsubscribe();
      const second = await subscribeInbox(bus, channel);
      await bus.publish(channel, 'back');
      await second.waitForCount(1);
      expect(first.payloads).toEqual([]);
    });

    it('drops every subscription on close', async () => {
      const closing = await openBus();
      const observer = await openBus();
      const channel = uniqueName('closing');
      const closed = await subscribeInbox(closing, channel);
      const alive = await subscribeInbox(observer, channel);
      await closing.close();
      await observer.publish(channel, 'after close');
      await alive.waitForCount(1);
      expect(closed.payloads).toEqual([]);
    });
  });
}
