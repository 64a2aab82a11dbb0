import type { PresenceRegistry, Session } from '../../ports/bus.js';
import { assertPositiveTtl } from '../validation.js';
import { globalSessionMember, type RedisKeys } from './keys.js';
import { execPipeline, scriptPipeline, type ScriptCommands } from './scripts.js';
import type { Redis } from 'ioredis';

/** ZMSCORE arguments per command, so one huge lookup does not block Redis for long. */
const isOnlineChunk = 500;

/**
 * Presence in sorted sets scored by expiry time (see README.md). Reads and heartbeats drop
 * expired members, so nothing has to sweep; idle keys expire with their last member.
 */
export function createRedisPresence(
  client: () => Redis & ScriptCommands,
  keys: RedisKeys,
): PresenceRegistry {
  const orgKeys = (session: Session): string[] => [
    keys.orgSessions(session.orgId),
    keys.userSessions(session.orgId, session.userId),
    keys.orgUsers(session.orgId),
  ];

  // The org-slot script and the global count are separate commands (one Cluster slot each),
  // sent in one round trip. Were the second lost, its entry still expires on its own.
  const touch = async (session: Session, ttlMs: number): Promise<void> => {
    assertPositiveTtl('presence', ttlMs);
    const ttl = Math.ceil(ttlMs);
    await execPipeline(
      scriptPipeline(client())
        .mcPresenceTouch(...orgKeys(session), session.sessionId, session.userId, ttl)
        .mcPresenceTouchGlobal(
          keys.allSessions,
          globalSessionMember(session.orgId, session.sessionId),
          ttl,
        ),
    );
  };

  return {
    connect: touch,
    // Re-registers a session that already expired: the socket is evidently alive.
    heartbeat: touch,

    async disconnect(session) {
      const [wentOffline] = await execPipeline(
        scriptPipeline(client())
          .mcPresenceDisconnect(...orgKeys(session), session.sessionId, session.userId)
          .zrem(keys.allSessions, globalSessionMember(session.orgId, session.sessionId)),
      );
      return wentOffline === 1;
    },

    async onlineUsers(orgId) {
      const userIds = (await client().mcLiveMembers(keys.orgUsers(orgId))) as string[];
      return userIds.sort();
    },

    async isOnline(orgId, userIds) {
      if (userIds.length === 0) return {};
      const pipeline = client().pipeline().time();
      for (let start = 0; start < userIds.length; start += isOnlineChunk) {
        pipeline.zmscore(keys.orgUsers(orgId), ...userIds.slice(start, start + isOnlineChunk));
      }
      const [clock, ...chunks] = await execPipeline(pipeline);
      const [seconds, micros] = clock as [string, string];
      const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      const expiries = (chunks as Array<Array<string | null>>).flat();
      // fromEntries defines own properties, so an id like `__proto__` cannot touch the prototype.
      return Object.fromEntries(
        userIds.map((userId, i) => {
          const expiresAt = expiries[i];
          return [userId, expiresAt != null && Number(expiresAt) > now];
        }),
      );
    },

    async sessionCount(orgId) {
      const key = orgId === null ? keys.allSessions : keys.orgSessions(orgId);
      return Number(await client().mcLiveCount(key));
    },
  };
}
