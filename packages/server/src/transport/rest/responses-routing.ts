import { z } from 'zod';
import {
  Channel,
  DeliveryStatus,
  MessageType,
  Preferences,
  Priority,
  RuleConditions,
} from '../../domain/index.js';

/** REST response schemas of `rules.*`, `preferences.*` and `deliveries.*` (JSON form). */
const IsoDate = z.iso.datetime({ offset: true });

const RetryOut = z.object({ maxAttempts: z.number().int(), backoffMs: z.number().int() });

const RuleOut = z.object({
  ruleId: z.string(),
  orgId: z.string(),
  name: z.string(),
  priority: z.number().int(),
  enabled: z.boolean(),
  conditions: RuleConditions,
  actions: z.object({
    inApp: z.enum(['now', 'delay', 'quietHours']),
    delayMs: z.number().int().optional(),
    until: z.string().optional(),
    channels: z.array(Channel),
    webhook: z.object({ url: z.string(), secret: z.literal('********') }).optional(),
    retry: RetryOut,
    bypassQuietHours: z.boolean(),
  }),
  continue: z.boolean(),
  createTime: IsoDate,
  updateTime: IsoDate,
});

const RuleTestOut = z.object({
  rules: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      orgId: z.string(),
      matched: z.boolean(),
      reason: z.string(),
    }),
  ),
  deliverAt: IsoDate.nullable(),
  inAppReason: z.string(),
  channels: z.array(
    z.object({
      channel: Channel,
      ruleId: z.string(),
      retry: RetryOut,
      notBefore: IsoDate.nullable(),
      reason: z.string(),
      webhookUrl: z.string().optional(),
    }),
  ),
  suppressed: z.array(z.object({ channel: Channel, ruleId: z.string(), reason: z.string() })),
  evaluatedAt: IsoDate,
});

const DeliveryOut = z.object({
  deliveryId: z.string(),
  orgId: z.string(),
  messageId: z.string(),
  userId: z.string().nullable(),
  channel: Channel,
  ruleId: z.string(),
  address: z.string(),
  payload: z.object({
    messageId: z.string(),
    orgId: z.string(),
    messageType: MessageType,
    priority: Priority,
    category: z.string().nullable(),
    title: z.string(),
    content: z.string(),
    actionUrl: z.string().nullable(),
    createTime: IsoDate,
  }),
  status: DeliveryStatus,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  backoffMs: z.number().int(),
  nextAttemptAt: IsoDate,
  lastError: z.string().nullable(),
  leaseOwner: z.string().nullable(),
  leaseUntil: IsoDate.nullable(),
  createTime: IsoDate,
  updateTime: IsoDate,
  deliveredTime: IsoDate.nullable(),
});

/** Spread into `RESPONSES`; the compile-time fit check there covers these too. */
export const ROUTING_RESPONSES = {
  'rules.create': RuleOut,
  'rules.update': RuleOut,
  'rules.delete': z.object({ deleted: z.boolean() }),
  'rules.get': RuleOut,
  'rules.list': z.object({ items: z.array(RuleOut) }),
  'rules.test': RuleTestOut,
  'preferences.get': Preferences,
  'preferences.update': Preferences,
  'deliveries.list': z.object({ items: z.array(DeliveryOut) }),
  'deliveries.retry': DeliveryOut,
} as const satisfies Record<string, z.ZodType>;
