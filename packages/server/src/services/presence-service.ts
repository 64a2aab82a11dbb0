import type { Session } from '../ports/bus.js';
import type { Principal } from '../domain/index.js';
import type { ServiceDeps } from './deps.js';

/** A session lives this long without a heartbeat (a crashed instance's sessions expire). */
export const PRESENCE_TTL_MS = 90_000;
/** Live sessions heartbeat this often. */
export const PRESENCE_HEARTBEAT_MS = 30_000;

/**
 * Who is online: a user with at least one live connection on any instance (SPEC §5.4). Sessions
 * are kept in the bus's presence registry; going online or offline is announced to the org's
 * admins as ONLINE_STATUS.
 */
export class PresenceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly instanceId: string,
  ) {}

  /** Registers a live connection; announces the user when it is their first. */
  async connect(principal: Principal, sessionId: string): Promise<Session> {
    const session: Session = { sessionId, orgId: principal.orgId, userId: principal.userId, instanceId: this.instanceId, connectedAt: Date.now() };
    const before = await this.deps.bus.presence.isOnline(principal.orgId, [principal.userId]);
    await this.deps.bus.presence.connect(session, PRESENCE_TTL_MS);
    if (!before[principal.userId]) await this.deps.events.presenceChanged(principal.orgId, principal.userId, true, this.deps.now());
    return session;
  }

  /** Keeps a live connection's session alive. */
  heartbeat(session: Session): Promise<void> {
    return this.deps.bus.presence.heartbeat(session, PRESENCE_TTL_MS);
  }

  /** Removes a closed connection; announces the user offline when it was their last. */
  async disconnect(session: Session): Promise<void> {
    const wasLast = await this.deps.bus.presence.disconnect(session);
    if (wasLast) await this.deps.events.presenceChanged(session.orgId, session.userId, false, this.deps.now());
  }

  /** Online users of an org. */
  async online(orgId: string): Promise<{ userIds: string[]; count: number }> {
    const userIds = await this.deps.bus.presence.onlineUsers(orgId);
    return { userIds, count: userIds.length };
  }

  /** Whether each of these users of the org is online. */
  status(orgId: string, userIds: readonly string[]): Promise<Record<string, boolean>> {
    return this.deps.bus.presence.isOnline(orgId, userIds);
  }
}
