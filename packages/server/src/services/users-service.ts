import type { Principal, UserContact, UserUpsertInput } from '../domain/index.js';
import type { ServiceDeps } from './deps.js';

const SEEN_INTERVAL_MS = 10 * 60_000;
const SEEN_MAX = 100_000;

/**
 * Users the server has seen. Every authenticated call records its caller in the directory (so
 * org broadcasts know their audience), but at most once per user per interval: the recent ones
 * are remembered here, bounded in number.
 */
export class UsersService {
  private readonly seenAt = new Map<string, number>();

  constructor(private readonly deps: ServiceDeps) {}

  /** Records that `principal` made an authenticated call; never throws. */
  async recordSeen(principal: Principal): Promise<void> {
    const now = this.deps.now();
    // Changed contact claims make a new key, so they are stored without waiting for the interval.
    const key = JSON.stringify([principal.orgId, principal.userId, principal.contact ?? null]);
    const at = this.seenAt.get(key);
    if (at !== undefined && now.getTime() - at < SEEN_INTERVAL_MS) return;
    if (this.seenAt.size >= SEEN_MAX) this.seenAt.clear();
    this.seenAt.set(key, now.getTime());
    const write = principal.contact
      ? this.deps.store.users.upsert(principal.orgId, principal.userId, { ...principal.contact, ...(principal.name ? { name: principal.name } : {}) }, now)
      : this.deps.store.users.touch(principal.orgId, principal.userId, principal.name, now);
    await write.then(undefined, (err: unknown) => {
      this.deps.logger.warn({ err }, 'could not record user in directory');
    });
  }

  /** `users.upsert` (admin): contact details of a user of the admin's org, for external channels. */
  upsert(p: Principal, input: UserUpsertInput): Promise<UserContact> {
    const { userId, ...patch } = input;
    return this.deps.store.users.upsert(p.orgId, userId, patch, this.deps.now());
  }
}
