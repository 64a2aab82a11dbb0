export type {
  Bus,
  LockManager,
  PresenceRegistry,
  RateDecision,
  RateLimiter,
  Session,
} from '../ports/bus.js';
export {
  createMemoryBus,
  createMemoryBusBackend,
  type MemoryBusBackend,
  type MemoryBusOptions,
} from './memory/index.js';
export { createRedisBus, type RedisBusOptions } from './redis/index.js';
