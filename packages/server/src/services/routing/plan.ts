import {
  ROUTING_LIMITS,
  type Delivery,
  type MessageType,
  type Priority,
  type ReceiverType,
  type StoredMessage,
} from '../../domain/index.js';
import type { Contact } from '../../ports/directory.js';
import type { ServiceDeps } from '../deps.js';
import { evaluateRules, type PlannedChannel, type RoutedMessage, type RoutingDecision } from './evaluate.js';
import { recipientOf } from './recipient.js';
import { rulesFor } from './rule-cache.js';

/** The routing of one send: the decision, and the contact the external channels use. */
export interface RoutingPlan {
  decision: RoutingDecision;
  contact: Contact | null;
}

/**
 * Applies the org's routing rules to a message about to be sent. Null when the org (and the
 * platform) has no rules, so sends without routing cost one cached lookup.
 */
export async function planRouting(
  deps: ServiceDeps,
  target: { orgId: string; receiverType: ReceiverType; receiverId: string },
  message: { messageType: MessageType; priority: Priority; category?: string | null },
  now: Date,
): Promise<RoutingPlan | null> {
  const rules = await rulesFor(deps, target.orgId, now.getTime());
  if (!rules.length) return null;
  const { recipient, contact } = await recipientOf(deps, target);
  const decision = evaluateRules(
    rules,
    {
      messageType: message.messageType,
      priority: message.priority,
      category: message.category ?? null,
    },
    recipient,
    now,
  );
  return { decision, contact };
}

/**
 * The outbox jobs of a stored message that the plan decides directly: WEBHOOK, one call per
 * message and rule whatever the audience, and EMAIL / SMS to the recipient of a direct message
 * (at the address the directory knows). Group members' EMAIL / SMS come from
 * {@link memberDeliveries}. Ids are derived from message, channel, rule (and member), so storing
 * them twice is harmless. Returns the jobs and the channels left out, with why.
 */
export function deliveriesOf(
  plan: RoutingPlan,
  message: StoredMessage,
  now: Date,
): { jobs: Delivery[]; skipped: string[] } {
  const jobs: Delivery[] = [];
  const skipped: string[] = [];
  for (const p of plan.decision.channels) {
    if (p.channel === 'WEBHOOK') {
      if (p.webhook) jobs.push(jobOf(p, message, p.webhook.url, null, now));
    } else if (isGroup(message.receiverType)) {
      // Each member is routed on their own (their rules, preferences, quiet hours, address).
    } else if (message.receiverType !== 'USER') {
      skipped.push(`${p.channel}: org-wide messages do not go to EMAIL and SMS`);
    } else {
      const address = addressOf(p.channel, plan.contact);
      if (address) jobs.push(jobOf(p, message, address, message.receiverId, now));
      else skipped.push(`${p.channel}: no ${p.channel === 'EMAIL' ? 'email address' : 'phone number'} known for ${message.receiverId}`);
    }
  }
  return { jobs, skipped };
}

const isGroup = (t: ReceiverType) => t === 'USER_GROUP' || t === 'ROLE';

const addressOf = (channel: PlannedChannel['channel'], contact: Contact | null): string | null =>
  (channel === 'EMAIL' ? contact?.email : contact?.phone) ?? null;

/** Members looked up at once while routing a group message to EMAIL / SMS. */
const MEMBER_CONCURRENCY = 32;

/**
 * EMAIL / SMS jobs for each member of the group a message addresses: every member is routed as
 * if the message were sent to them directly — the org's rules with their user conditions, their
 * own preferences over the org's defaults, their quiet hours and their address. A group larger
 * than {@link ROUTING_LIMITS.groupFanOut} gets none (and the skip says so): an external fan-out
 * of that size belongs to a dedicated campaign tool, and a partial one would be arbitrary.
 */
export async function memberDeliveries(
  deps: ServiceDeps,
  message: StoredMessage,
  now: Date,
): Promise<{ jobs: Delivery[]; skipped: string[] }> {
  const group = await deps.store.groups.get(message.orgId, message.receiverId);
  if (!group?.members.length) return { jobs: [], skipped: [] };
  if (group.members.length > ROUTING_LIMITS.groupFanOut)
    return { jobs: [], skipped: [`EMAIL/SMS: group ${group.groupId} has ${group.members.length} members; external channels reach groups of at most ${ROUTING_LIMITS.groupFanOut}`] };
  const rules = await rulesFor(deps, message.orgId, now.getTime());
  const routed: RoutedMessage = { messageType: message.messageType, priority: message.priority, category: message.category ?? null };
  const jobs: Delivery[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < group.members.length; i += MEMBER_CONCURRENCY) {
    await Promise.all(
      group.members.slice(i, i + MEMBER_CONCURRENCY).map(async (userId) => {
        const { recipient, contact } = await recipientOf(deps, { orgId: message.orgId, receiverType: 'USER', receiverId: userId });
        for (const p of evaluateRules(rules, routed, recipient, now).channels) {
          if (p.channel === 'WEBHOOK') continue;
          const address = addressOf(p.channel, contact);
          if (address) jobs.push(jobOf(p, message, address, userId, now, userId));
          else skipped.push(`${p.channel}: no ${p.channel === 'EMAIL' ? 'email address' : 'phone number'} known for ${userId}`);
        }
      }),
    );
  }
  return { jobs, skipped };
}

/** One outbox job; `member` makes the id unique per member of a group. */
function jobOf(p: PlannedChannel, message: StoredMessage, address: string, userId: string | null, now: Date, member?: string): Delivery {
  const visibleAt = message.deliverAt ?? now;
  const notBefore = p.notBefore && p.notBefore.getTime() > visibleAt.getTime() ? p.notBefore : visibleAt;
  return {
    deliveryId: `${message.messageId}:${p.channel}:${p.ruleId}${member === undefined ? '' : `:${member}`}`,
    orgId: message.orgId,
    messageId: message.messageId,
    userId,
    channel: p.channel,
    ruleId: p.ruleId,
    address,
    secret: p.webhook?.secret ?? null,
    payload: {
      messageId: message.messageId,
      orgId: message.orgId,
      messageType: message.messageType,
      priority: message.priority,
      category: message.category ?? null,
      title: message.title,
      content: message.content,
      actionUrl: message.metadata?.actionUrl ?? null,
      createTime: message.createTime,
    },
    status: 'PENDING',
    attempts: 0,
    maxAttempts: p.retry.maxAttempts,
    backoffMs: p.retry.backoffMs,
    nextAttemptAt: notBefore,
    lastError: null,
    leaseOwner: null,
    leaseToken: null,
    leaseUntil: null,
    createTime: now,
    updateTime: now,
    deliveredTime: null,
  };
}

/** Stores the outbox jobs of a just-stored message; logs the channels it could not use. */
export async function enqueueDeliveries(
  deps: ServiceDeps,
  plan: RoutingPlan,
  message: StoredMessage,
  now: Date,
): Promise<void> {
  const direct = deliveriesOf(plan, message, now);
  const members = isGroup(message.receiverType) ? await memberDeliveries(deps, message, now) : { jobs: [], skipped: [] };
  const jobs = [...direct.jobs, ...members.jobs];
  const skipped = [...direct.skipped, ...members.skipped];
  if (skipped.length)
    deps.logger.info({ messageId: message.messageId, skipped }, 'routing left out some channels');
  await deps.store.outbox.enqueue(jobs);
}
