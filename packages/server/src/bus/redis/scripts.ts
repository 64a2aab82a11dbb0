import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Lua scripts, registered with `defineCommand` so ioredis sends EVALSHA and falls back to EVAL
 * after a Redis restart flushed the script cache. Time comes from Redis `TIME`, so instances
 * with skewed clocks agree on expiry and refill.
 */
const nowMs = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/** Sets a key's expiry to `at` unless it already outlives it. */
const extendTo = `
local function extendTo(key, at)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 or now + ttl < at then redis.call('PEXPIREAT', key, string.format('%d', at)) end
end
`;

/** Re-scores the user in the org's user set from their longest-lived remaining session. */
const rescoreUser = `
local function rescoreUser(userSessionsKey, orgUsersKey, userId)
  redis.call('ZREMRANGEBYSCORE', userSessionsKey, '-inf', now)
  local latest = redis.call('ZRANGE', userSessionsKey, -1, -1, 'WITHSCORES')
  if #latest == 0 then
    redis.call('ZREM', orgUsersKey, userId)
    return false
  end
  redis.call('ZADD', orgUsersKey, latest[2], userId)
  redis.call('PEXPIREAT', userSessionsKey, latest[2])
  return true
end
`;

const scripts = {
  /** KEYS orgSessions, userSessions, orgUsers · ARGV sessionId, userId, ttlMs */
  mcPresenceTouch: {
    numberOfKeys: 3,
    lua: `${nowMs}${extendTo}${rescoreUser}
local expiresAt = now + tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], expiresAt, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[2], expiresAt, ARGV[1])
rescoreUser(KEYS[2], KEYS[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
extendTo(KEYS[1], expiresAt)
extendTo(KEYS[3], expiresAt)
return 1`,
  },
  /** KEYS orgSessions, userSessions, orgUsers · ARGV sessionId, userId → 1 when the user went offline */
  mcPresenceDisconnect: {
    numberOfKeys: 3,
    lua: `${nowMs}${rescoreUser}
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
local wasLive = score and tonumber(score) > now
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
local stillOnline = rescoreUser(KEYS[2], KEYS[3], ARGV[2])
if wasLive and not stillOnline then return 1 end
return 0`,
  },
  /** KEYS allSessions · ARGV member, ttlMs */
  mcPresenceTouchGlobal: {
    numberOfKeys: 1,
    lua: `${nowMs}${extendTo}
local expiresAt = now + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiresAt, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
extendTo(KEYS[1], expiresAt)
return 1`,
  },
  /** KEYS a ZSET scored by expiry → its live members, after dropping the expired ones */
  mcLiveMembers: {
    numberOfKeys: 1,
    lua: `${nowMs}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)`,
  },
  /** KEYS a ZSET scored by expiry → how many live members, after dropping the expired ones */
  mcLiveCount: {
    numberOfKeys: 1,
    lua: `${nowMs}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZCARD', KEYS[1])`,
  },
  /**
   * KEYS bucket · ARGV capacity, refillPerSecond, cost → {isAllowed, tokens left}.
   * The bucket expires once it would be full again, when it is no different from a new one.
   */
  mcTakeTokens: {
    numberOfKeys: 1,
    lua: `${nowMs}
local capacity = tonumber(ARGV[1])
local refillPerMs = tonumber(ARGV[2]) / 1000
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updatedAt')
local tokens = capacity
if state[1] and state[2] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  tokens = math.min(capacity, tonumber(state[1]) + elapsed * refillPerMs)
end
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
local tokensText = string.format('%.17g', tokens)
redis.call('HSET', KEYS[1], 'tokens', tokensText, 'updatedAt', string.format('%d', now))
local untilFull = math.min(math.ceil((capacity - tokens) / refillPerMs), 2592000000)
redis.call('PEXPIRE', KEYS[1], string.format('%d', untilFull + 1000))
return { allowed, tokensText }`,
  },
  /** KEYS lock · ARGV owner, ttlMs → 1 when acquired or renewed */
  mcAcquireLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`,
  },
  /** KEYS lock · ARGV owner → 1 when released */
  mcReleaseLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
} as const;

type ScriptName = keyof typeof scripts;
type ScriptArg = string | number;

/** The scripts as methods of the connection. */
export type ScriptCommands = {
  [Name in ScriptName]: (...keysThenArgs: ScriptArg[]) => Promise<unknown>;
};

/** The scripts as methods of a pipeline. */
export type ScriptPipeline = ChainableCommander & {
  [Name in ScriptName]: (...keysThenArgs: ScriptArg[]) => ScriptPipeline;
};

/** Registers the scripts on `redis` and returns it typed with them. */
export function defineBusScripts(redis: Redis): Redis & ScriptCommands {
  for (const [name, definition] of Object.entries(scripts)) {
    redis.defineCommand(name, { numberOfKeys: definition.numberOfKeys, lua: definition.lua });
  }
  return redis as Redis & ScriptCommands;
}

/** Starts a pipeline that knows the scripts. */
export function scriptPipeline(redis: Redis & ScriptCommands): ScriptPipeline {
  return redis.pipeline() as ScriptPipeline;
}

/**
 * Runs a pipeline and returns each reply, throwing the first command error: a pipeline that
 * half-failed must not look like success to the caller.
 */
export async function execPipeline(pipeline: ChainableCommander): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
