import { escapeKeyPart } from '../../domain/composite-key.js';

/**
 * Every Redis key and channel the bus uses; `README.md` beside this file documents them.
 * Keys one script touches together share the `{org:<orgId>}` hash tag, so they live in one
 * Redis Cluster slot.
 */
export interface RedisKeys {
  channel(channel: string): string;
  /** ZSET sessionId → expiresAt (epoch ms) of every session of the org */
  orgSessions(orgId: string): string;
  /** ZSET userId → expiresAt of the user's longest-lived session */
  orgUsers(orgId: string): string;
  /** ZSET sessionId → expiresAt of one user's sessions */
  userSessions(orgId: string, userId: string): string;
  /** ZSET `["<orgId>","<sessionId>"]` → expiresAt of every session everywhere */
  readonly allSessions: string;
  /** HASH tokens, updatedAt of one token bucket */
  rateBucket(key: string): string;
  /** STRING owner of one lock */
  lock(name: string): string;
}

/**
 * Ids are escaped (`escapeKeyPart`) so that no org or user id can make two keys meet: escaped
 * parts hold no `:`, so every key splits back into exactly the ids it was built from.
 */
export function redisKeys(prefix: string): RedisKeys {
  const org = (orgId: string): string => `${prefix}presence:{org:${escapeKeyPart(orgId)}}`;
  return {
    channel: (channel) => `${prefix}ch:${channel}`,
    orgSessions: (orgId) => `${org(orgId)}:sessions`,
    orgUsers: (orgId) => `${org(orgId)}:users`,
    userSessions: (orgId, userId) => `${org(orgId)}:user:${escapeKeyPart(userId)}`,
    allSessions: `${prefix}presence:sessions`,
    rateBucket: (key) => `${prefix}rate:${key}`,
    lock: (name) => `${prefix}lock:${name}`,
  };
}

/** Member of the global session set: orgs may reuse session ids, so the org is part of it. */
export function globalSessionMember(orgId: string, sessionId: string): string {
  return JSON.stringify([orgId, sessionId]);
}
