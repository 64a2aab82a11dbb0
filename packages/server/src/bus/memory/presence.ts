import type { PresenceRegistry, Session } from '../../ports/bus.js';
import { assertPositiveTtl } from '../validation.js';
import type { MemoryBusBackend, SessionExpiries } from './backend.js';

/** Presence over in-process maps; expiry is decided by timestamps at read time. */
export function createMemoryPresence(backend: MemoryBusBackend): PresenceRegistry {
  const { sessions } = backend;

  const userSessions = (orgId: string, userId: string): SessionExpiries | undefined =>
    sessions.get(orgId)?.get(userId);

  const hasLiveSession = (expiries: SessionExpiries | undefined, now: number): boolean => {
    if (!expiries) return false;
    for (const expiresAt of expiries.values()) if (expiresAt > now) return true;
    return false;
  };

  const touch = async (session: Session, ttlMs: number): Promise<void> => {
    assertPositiveTtl('presence', ttlMs);
    let users = sessions.get(session.orgId);
    if (!users) sessions.set(session.orgId, (users = new Map<string, SessionExpiries>()));
    let expiries = users.get(session.userId);
    if (!expiries) users.set(session.userId, (expiries = new Map<string, number>()));
    expiries.set(session.sessionId, Date.now() + ttlMs);
  };

  return {
    connect: touch,
    // A heartbeat for a session that already expired brings it back: the socket is evidently alive.
    heartbeat: touch,

    async disconnect(session) {
      const now = Date.now();
      const users = sessions.get(session.orgId);
      const expiries = users?.get(session.userId);
      if (!users || !expiries) return false;
      const expiresAt = expiries.get(session.sessionId);
      expiries.delete(session.sessionId);
      const stillOnline = hasLiveSession(expiries, now);
      if (!stillOnline) {
        users.delete(session.userId);
        if (users.size === 0) sessions.delete(session.orgId);
      }
      return expiresAt !== undefined && expiresAt > now && !stillOnline;
    },

    async onlineUsers(orgId) {
      const now = Date.now();
      const online: string[] = [];
      for (const [userId, expiries] of sessions.get(orgId) ?? []) {
        if (hasLiveSession(expiries, now)) online.push(userId);
      }
      return online.sort();
    },

    async isOnline(orgId, userIds) {
      const now = Date.now();
      // fromEntries defines own properties, so an id like `__proto__` cannot touch the prototype.
      return Object.fromEntries(
        userIds.map((userId) => [userId, hasLiveSession(userSessions(orgId, userId), now)]),
      );
    },

    async sessionCount(orgId) {
      const now = Date.now();
      const orgs = orgId === null ? [...sessions.values()] : [sessions.get(orgId)];
      let count = 0;
      for (const users of orgs) {
        if (!users) continue;
        for (const expiries of users.values()) {
          for (const expiresAt of expiries.values()) if (expiresAt > now) count++;
        }
      }
      return count;
    },
  };
}
