import { notFound, userIdOfInboxKey, toMessage, type InboxStateRow, type Message, type MessageType, type Principal, type StoredMessage } from '../domain/index.js';

import type { ServiceDeps } from './deps.js';
import type { RateLimits } from './messaging/rate-limits.js';

export interface OrgMessage extends Message {
  recipientCount: number;
  readCount: number;
}

/** Admin views of an org's messages: what was sent, and who did what with it. */
export class MessageAdminService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly rateLimits: RateLimits,
  ) {}

  /** The org's messages (any audience), newest first, optionally searched. */
  async list(p: Principal, input: { q?: string; messageType?: MessageType; page: number; size: number }) {
    await this.rateLimits.enforceRead(p);
    const res = await this.deps.store.messages.listByOrg({
      orgId: p.orgId,
      q: input.q || undefined,
      messageType: input.messageType,
      limit: input.size,
      offset: (input.page - 1) * input.size,
    });
    return { items: res.items.map(orgMessageOf), total: res.total, page: input.page, size: input.size };
  }

  /** One message and the per-recipient state rows written so far (absent rows = unread). */
  async recipients(p: Principal, messageId: string, limit: number): Promise<{ message: OrgMessage; states: InboxStateRow[] }> {
    const message = await this.deps.store.messages.get(p.orgId, messageId);
    if (!message) throw notFound(`Message ${messageId}`);
    const rows = await this.deps.store.inbox.statesOfMessage(p.orgId, messageId, limit);
    const states = rows.map((row) => ({ ...row, userId: userIdOfInboxKey(p.orgId, row.userId) }));
    return { message: orgMessageOf(message), states };
  }
}

const orgMessageOf = (m: StoredMessage): OrgMessage => Object.assign(toMessage(m), { recipientCount: m.recipientCount, readCount: m.readCount });
