import { describe, expect, it } from 'vitest';
import type { Session } from '../../ports/bus.js';
import { sleep, uniqueName, waitFor, type BusContractContext } from './support.contract.js';

const long = 60_000;

function sessionOf(orgId: string, userId: string, sessionId = uniqueName('s')): Session {
  return { orgId, userId, sessionId, instanceId: 'test-instance', connectedAt: Date.now() };
}

export function describePresenceContract({ openBus }: BusContractContext): void {
  describe('presence', () => {
    it('shows a connected user as online in their org', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      await presence.connect(sessionOf(org, 'u1'), long);
      expect(await presence.onlineUsers(org)).toEqual(['u1']);
      expect(await presence.isOnline(org, ['u1', 'u2'])).toEqual({ u1: true, u2: false });
      expect(await presence.sessionCount(org)).toBe(1);
    });

    it('lists each online user once, sorted, however many sessions they have', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      for (const userId of ['carol', 'alice', 'bob', 'alice']) {
        await presence.connect(sessionOf(org, userId), long);
      }
      expect(await presence.onlineUsers(org)).toEqual(['alice', 'bob', 'carol']);
      expect(await presence.sessionCount(org)).toBe(4);
    });

    it('reports offline only when the last session disconnects', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      const phone = sessionOf(org, 'u1');
      const laptop = sessionOf(org, 'u1');
      await presence.connect(phone, long);
      await presence.connect(laptop, long);
      expect(await presence.disconnect(phone)).toBe(false);
      expect(await presence.isOnline(org, ['u1'])).toEqual({ u1: true });
      expect(await presence.disconnect(laptop)).toBe(true);
      expect(await presence.isOnline(org, ['u1'])).toEqual({ u1: false });
      expect(await presence.onlineUsers(org)).toEqual([]);
      expect(await presence.sessionCount(org)).toBe(0);
    });

    it('reports a repeated or unknown disconnect as no change', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      const session = sessionOf(org, 'u1');
      await presence.connect(session, long);
      expect(await presence.disconnect(session)).toBe(true);
      expect(await presence.disconnect(session)).toBe(false);
      expect(await presence.disconnect(sessionOf(org, 'never-connected'))).toBe(false);
    });

    it('expires a session that is not heartbeated', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      const session = sessionOf(org, 'u1');
      await presence.connect(session, 200);
      await waitFor(async () => (await presence.sessionCount(org)) === 0, 'the session to expire');
      expect(await presence.onlineUsers(org)).toEqual([]);
      expect(await presence.isOnline(org, ['u1'])).toEqual({ u1: false });
      // Its expiry already took the user offline; disconnecting now changes nothing.
      expect(await presence.disconnect(session)).toBe(false);
    });

    it('keeps a heartbeated session alive past its first TTL', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      const session = sessionOf(org, 'u1');
      await presence.connect(session, 300);
      await presence.heartbeat(session, long);
      await sleep(700);
      expect(await presence.isOnline(org, ['u1'])).toEqual({ u1: true });
      expect(await presence.sessionCount(org)).toBe(1);
    });

    it('keeps the user online through one expired session while another lives', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      await presence.connect(sessionOf(org, 'u1'), 200);
      const live = sessionOf(org, 'u1');
      await presence.connect(live, long);
      await waitFor(async () => (await presence.sessionCount(org)) === 1, 'one session to expire');
      expect(await presence.onlineUsers(org)).toEqual(['u1']);
      expect(await presence.disconnect(live)).toBe(true);
    });

    it('isolates orgs, and counts sessions everywhere when asked for no org', async () => {
      const { presence } = await openBus();
      const orgA = uniqueName('org-a');
      const orgB = uniqueName('org-b');
      const before = await presence.sessionCount(null);
      await presence.connect(sessionOf(orgA, 'shared-id'), long);
      await presence.connect(sessionOf(orgA, 'only-a'), long);
      await presence.connect(sessionOf(orgB, 'only-b'), long);
      expect(await presence.onlineUsers(orgA)).toEqual(['only-a', 'shared-id']);
      expect(await presence.onlineUsers(orgB)).toEqual(['only-b']);
      expect(await presence.isOnline(orgB, ['shared-id', 'only-a', 'only-b'])).toEqual({
        'shared-id': false,
        'only-a': false,
        'only-b': true,
      });
      expect(await presence.sessionCount(orgA)).toBe(2);
      expect(await presence.sessionCount(orgB)).toBe(1);
      expect((await presence.sessionCount(null)) - before).toBe(3);
    });

    it('answers isOnline for many users at once, and for none', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      const userIds = Array.from({ length: 2500 }, (_, i) => `user-${i}`);
      const onlineIds = userIds.filter((_, i) => i % 7 === 0);
      await Promise.all(onlineIds.map((userId) => presence.connect(sessionOf(org, userId), long)));
      const status = await presence.isOnline(org, userIds);
      expect(Object.keys(status)).toHaveLength(userIds.length);
      expect(userIds.filter((userId) => status[userId])).toEqual(onlineIds);
      expect(await presence.isOnline(org, [])).toEqual({});
    });

    it('treats ids that look like object keys as plain ids', async () => {
      const { presence } = await openBus();
      const org = uniqueName('org');
      await presence.connect(sessionOf(org, '__proto__'), long);
      const status = await presence.isOnline(org, ['__proto__', 'constructor']);
      expect(Object.getPrototypeOf(status)).toBe(Object.prototype);
      expect(Object.keys(status).sort()).toEqual(['__proto__', 'constructor']);
      expect(Object.entries(status).sort()).toEqual([
        ['__proto__', true],
        ['constructor', false],
      ]);
    });
  });
}
