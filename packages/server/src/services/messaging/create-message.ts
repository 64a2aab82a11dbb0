import {
  AppCode,
  AppError,
  audienceOf,
  compositeKey,
  dayOf,
  DEFAULT_URL_SCHEMES,
  disallowedUrlPaths,
  indexTokens,
  invalidInput,
  newMessageId,
  newTimeOrderedId,
  notFound,
  sendRefused,
  type MessageContent,
  type Principal,
  type ReceiverType,
  type StoredMessage,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { Announcer } from './announcer.js';
import { PendingPublishes } from './pending-publishes.js';
import { RateLimits } from './rate-limits.js';
import { enqueueDeliveries, planRouting } from '../routing/plan.js';
import { cachedRulesFor } from '../routing/rule-cache.js';

/** Where a message goes. */
export interface MessageTarget {
  orgId: string;
  receiverType: ReceiverType;
  receiverId: string;
}

export interface CreatedMessage {
  message: StoredMessage;
  /** False when an idempotency key matched an earlier send (nothing new was stored). */
  isNew: boolean;
}

/** How a batch send reuses the single-send path. */
export interface CreateOptions {
  /** Take a send token (default true); a batch takes its tokens once for all its items. */
  isRateLimited?: boolean;
  /** Publish a message due now (default true); a batch announces its messages together. It is counted either way. */
  announce?: boolean;
}

const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The one path every send takes (direct, group, broadcast, template, a scheduled message
 * firing). It owns this instance's send state — the fallback rate-limit buckets and the
 * messages waiting for the bus to return — so that state lives exactly as long as the services
 * that use it, and two servers in one process never share it.
 */
export class SendPipeline {
  private readonly announcer: Announcer;

  constructor(
    private readonly deps: ServiceDeps,
    /** The service set's rate limits (shared with the read paths). */
    readonly rateLimits: RateLimits = new RateLimits(deps),
  ) {
    this.announcer = new Announcer(deps, new PendingPublishes(deps));
  }

  /** See {@link createMessage}. */
  create(sender: Principal, target: MessageTarget, input: MessageContent, options: CreateOptions = {}): Promise<CreatedMessage> {
    return createMessage(this.deps, this, sender, target, input, options);
  }

  /**
   * A message just became visible (sent now, or a scheduled one fired): count it in the day's
   * statistics (unless `isCounted`: the send counted it in the commit that stored it) and
   * publish it to live connections, batched with the other announcements of this microtask run.
   */
  announceVisible(message: StoredMessage, isCounted = false): Promise<void> {
    return this.announcer.announce(message, isCounted);
  }

  /** Announces several messages that became visible together (a batch send): one publish per channel. */
  announceVisibleMany(messages: readonly StoredMessage[], isCounted = false): Promise<void> {
    return this.announcer.announceMany(messages.map((message) => ({ message, isCounted })));
  }

  /** Takes `cost` sends from the sender's and the org's buckets, or throws RATE_001. */
  enforceRateLimits(sender: Principal, cost = 1): Promise<void> {
    return this.rateLimits.enforce(sender, cost);
  }
}

/**
 * Validates times, rate limits, honours the idempotency key, persists once, then — when due
 * now — counts and publishes. Durable before acknowledged: the store write happens before the
 * bus publish, and a failed publish is only logged because connected clients recover through replay.
 */
async function createMessage(deps: ServiceDeps, pipeline: SendPipeline, sender: Principal, target: MessageTarget, input: MessageContent, options: CreateOptions): Promise<CreatedMessage> {
  const now = deps.now();
  // Routing rules may defer the message (delay, quiet hours) and add external deliveries. Most
  // orgs have none: a fresh cached empty rule list costs no await.
  const routing = cachedRulesFor(deps, target.orgId, now.getTime())?.length === 0 ? null : await planRouting(deps, target, input, now);
  const deliverAt = laterOf(input.deliverAt && input.deliverAt.getTime() > now.getTime() ? input.deliverAt : null, routing?.decision.deliverAt ?? null);
  if (input.expireTime) {
    const visibleFrom = deliverAt ?? now;
    if (input.expireTime.getTime() <= visibleFrom.getTime()) {
      throw invalidInput('expireTime must be later than the time the message is delivered', ['expireTime']);
    }
  }
  const badLinks = disallowedUrlPaths(input.metadata, deps.limits.urlSchemes);
  if (badLinks.length) {
    const schemes = (deps.limits.urlSchemes ?? DEFAULT_URL_SCHEMES).join(', ');
    throw invalidInput(`Links may only use these schemes: ${schemes}`, badLinks);
  }
  if (target.receiverType === 'USER' && deps.strictReceivers && !(await deps.directory.canAddress(sender, target.receiverId))) {
    throw sendRefused(`Receiver ${target.receiverId} is not known in organization ${target.orgId}; add the user first (users.upsert) or to the receiver allow-list`, ['receiverId']);
  }
  if (options.isRateLimited ?? true) await pipeline.enforceRateLimits(sender);

  let messageId = newMessageId(now.getTime());
  if (input.idempotencyKey) {
    const key = compositeKey(sender.userId, input.idempotencyKey);
    const earlier = await deps.store.idempotency.claim(target.orgId, key, messageId, now, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS));
    if (earlier) {
      const existing = await deps.store.messages.get(target.orgId, earlier);
      if (existing) return { message: existing, isNew: false };
      // The earlier attempt claimed the key but died before storing: finish it under its id.
      messageId = earlier;
    }
  }

  const recipientCount = target.receiverType === 'USER' ? 1 : await countRecipients(deps, target);
  const audience = audienceOf(target.orgId, target.receiverType, target.receiverId);
  const message: StoredMessage = {
    messageId,
    orgId: target.orgId,
    senderId: sender.userId,
    senderName: input.senderName ?? sender.name ?? sender.userId,
    receiverType: target.receiverType,
    receiverId: target.receiverId,
    messageType: input.messageType,
    title: input.title,
    content: input.content,
    priority: input.priority,
    category: input.category,
    metadata: input.metadata,
    status: deliverAt ? 'SCHEDULED' : 'SENT',
    deliverAt,
    expireTime: input.expireTime ?? null,
    createTime: now,
    updateTime: now,
    audience,
    seq: deliverAt ? '' : newTimeOrderedId(now.getTime()),
    tokens: indexTokens(`${input.title} ${input.content}`),
    recipientCount,
    readCount: 0,
  };
  // A message visible now is counted in the same commit that stores it (the store groups writes
  // queued together), so the answer waits for one commit instead of a second one for counters.
  const counted = message.status === 'SENT' ? countSent(deps, message, 1) : null;
  let isStored: boolean;
  try {
    isStored = await deps.store.messages.insert(message);
  } catch (err) {
    await uncount(deps, message, counted);
    throw err;
  }
  if (!isStored) {
    await uncount(deps, message, counted);
    // A concurrent repeat of the same idempotent send stored it first: answer with that one.
    const winner = await deps.store.messages.get(target.orgId, messageId);
    if (winner) return { message: winner, isNew: false };
    throw new AppError(AppCode.SEND_FAILED, `Message ${messageId} could not be stored`);
  }
  await counted;
  if (routing) await enqueueDeliveries(deps, routing, message, now);
  if (message.status === 'SENT' && (options.announce ?? true)) await pipeline.announceVisible(message, true);
  return { message, isNew: true };
}

const countSent = (deps: ServiceDeps, m: StoredMessage, sign: 1 | -1): Promise<void> =>
  deps.store.stats.increment(m.orgId, dayOf(m.createTime), m.messageType, { total: sign * m.recipientCount });

/**
 * Takes back the count of a message that was not stored. Only when the count was committed: a
 * failed commit rolled the count back with the insert.
 */
async function uncount(deps: ServiceDeps, message: StoredMessage, counted: Promise<void> | null): Promise<void> {
  if (!counted || !(await counted.then(() => true, () => false))) return;
  await countSent(deps, message, -1);
}

async function countRecipients(deps: ServiceDeps, target: MessageTarget): Promise<number> {
  switch (target.receiverType) {
    case 'USER':
      return 1;
    case 'USER_GROUP':
    case 'ROLE': {
      const size = await deps.directory.groupSize(target.orgId, target.receiverId);
      if (size === null) throw notFound(`Group ${target.receiverId}`);
      return size;
    }
    case 'ORGANIZATION':
      return deps.directory.orgSize(target.orgId);
    case 'ALL_USERS':
      return deps.directory.orgSize(null);
  }
}

const laterOf = (a: Date | null, b: Date | null): Date | null => (a && b ? (a.getTime() >= b.getTime() ? a : b) : (a ?? b));
