import type {
  Delivery,
  MessageType,
  Priority,
  ReceiverType,
  StoredMessage,
} from '../../domain/index.js';
import type { Contact } from '../../ports/directory.js';
import type { ServiceDeps } from '../deps.js';
import { evaluateRules, type RoutingDecision } from './evaluate.js';
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
  const rules = await rulesFor(deps.store, target.orgId, now.getTime());
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
 * The outbox jobs of a stored message. EMAIL and SMS go to the recipient of a direct message (at
 * the address the directory knows); WEBHOOK is one call per message and rule, whatever the
 * audience. Ids are derived from message, channel and rule, so storing them twice is harmless.
 * Returns the jobs and the channels left out, with why.
 */
export function deliveriesOf(
  plan: RoutingPlan,
  message: StoredMessage,
  now: Date,
): { jobs: Delivery[]; skipped: string[] } {
  const jobs: Delivery[] = [];
  const skipped: string[] = [];
  const visibleAt = message.deliverAt ?? now;
  for (const p of plan.decision.channels) {
    let address: string | null = null;
    if (p.channel === 'WEBHOOK') address = p.webhook?.url ?? null;
    else if (message.receiverType !== 'USER')
      skipped.push(`${p.channel}: only direct messages go to EMAIL and SMS`);
    else {
      address = (p.channel === 'EMAIL' ? plan.contact?.email : plan.contact?.phone) ?? null;
      if (!address)
        skipped.push(
          `${p.channel}: no ${p.channel === 'EMAIL' ? 'email address' : 'phone number'} known for ${message.receiverId}`,
        );
    }
    if (!address) continue;
    const notBefore =
      p.notBefore && p.notBefore.getTime() > visibleAt.getTime() ? p.notBefore : visibleAt;
    jobs.push({
      deliveryId: `${message.messageId}:${p.channel}:${p.ruleId}`,
      orgId: message.orgId,
      messageId: message.messageId,
      userId:
        message.receiverType === 'USER' && p.channel !== 'WEBHOOK' ? message.receiverId : null,
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
    });
  }
  return { jobs, skipped };
}

/** Stores the outbox jobs of a just-stored message; logs the channels it could not use. */
export async function enqueueDeliveries(
  deps: ServiceDeps,
  plan: RoutingPlan,
  message: StoredMessage,
  now: Date,
): Promise<void> {
  const { jobs, skipped } = deliveriesOf(plan, message, now);
  if (skipped.length)
    deps.logger.info({ messageId: message.messageId, skipped }, 'routing left out some channels');
  await deps.store.outbox.enqueue(jobs);
}
