import { z } from 'zod';
import { MessageType, Priority } from './enums.js';
import { ExternalId } from './ids.js';

/** Bounds of routing input: every list and map has a cap so one org cannot make evaluation slow. */
export const ROUTING_LIMITS = {
  rulesPerOrg: 100,
  listItems: 50,
  windows: 8,
  categoryPreferences: 50,
  maxAttempts: 10,
  maxBackoffMs: 3_600_000,
  maxDelayMs: 7 * 24 * 3_600_000,
} as const;

/** External channels a rule may deliver through, besides the in-app inbox. */
export const Channel = z.enum(['EMAIL', 'SMS', 'WEBHOOK']);
export type Channel = z.infer<typeof Channel>;

/** Days of the week, as a time condition names them. */
export const Weekday = z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']);
export type Weekday = z.infer<typeof Weekday>;

/** `HH:mm`, 24-hour clock. */
export const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm (00:00–23:59)');

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as `Asia/Shanghai`. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai');

/** A window of the day; `start > end` crosses midnight (22:00–07:00). `start === end` is refused. */
export const TimeWindow = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] });
export type TimeWindow = z.infer<typeof TimeWindow>;

const Category = z.string().trim().min(1).max(64);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(ROUTING_LIMITS.listItems);

/** When a rule applies. An empty or missing list places no constraint. */
export const RuleConditions = z
  .object({
    messageTypes: list(MessageType).optional(),
    priorities: list(Priority).optional(),
    categories: list(Category).optional(),
    users: z
      .object({
        userIds: list(ExternalId).optional(),
        groupIds: list(ExternalId).optional(),
        roles: list(ExternalId).optional(),
      })
      .strict()
      .optional(),
    time: z
      .object({
        timeZone: TimeZone,
        days: list(Weekday).optional(),
        windows: z.array(TimeWindow).max(ROUTING_LIMITS.windows).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type RuleConditions = z.infer<typeof RuleConditions>;

/**
 * What the API shows instead of a webhook secret. Sent back unchanged in `rules.update` (with the
 * same URL), it keeps the stored secret, so a client can round-trip a rule it read.
 */
export const MASKED_SECRET = '********';

/** A webhook endpoint: only http(s) URLs; the secret signs each request body. */
export const WebhookTarget = z
  .object({
    url: z
      .string()
      .max(2048)
      .refine((v) => {
        try {
          return ['http:', 'https:'].includes(new URL(v).protocol);
        } catch {
          return false;
        }
      }, 'must be an absolute http or https URL'),
    secret: z
      .string()
      .max(256)
      .refine((v) => v === MASKED_SECRET || v.length >= 16, `must be at least 16 characters (or ${MASKED_SECRET} to keep the stored one)`),
  })
  .strict();
export type WebhookTarget = z.infer<typeof WebhookTarget>;

/** How often an external delivery is tried, and the first delay (doubled each time, with jitter). */
export const RetryPolicy = z
  .object({
    maxAttempts: z.number().int().min(1).max(ROUTING_LIMITS.maxAttempts).default(3),
    backoffMs: z.number().int().min(10).max(ROUTING_LIMITS.maxBackoffMs).default(1000),
  })
  .strict();
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** What a matching rule does. */
export const RuleActions = z
  .object({
    inApp: z.enum(['now', 'delay', 'quietHours']).default('now'),
    delayMs: z.number().int().min(1).max(ROUTING_LIMITS.maxDelayMs).optional(),
    until: TimeOfDay.optional(),
    channels: z.array(Channel).max(3).default([]),
    webhook: WebhookTarget.optional(),
    retry: RetryPolicy.default({ maxAttempts: 3, backoffMs: 1000 }),
    bypassQuietHours: z.boolean().default(false),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.inApp === 'delay' && (a.delayMs === undefined) === (a.until === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['delayMs'],
        message: 'a delay needs exactly one of delayMs or until',
      });
    }
    if (a.inApp !== 'delay' && (a.delayMs !== undefined || a.until !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['inApp'],
        message: 'delayMs and until need inApp: delay',
      });
    }
    if (a.channels.includes('WEBHOOK') && !a.webhook) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhook'],
        message: 'the WEBHOOK channel needs a webhook {url, secret}',
      });
    }
    if (new Set(a.channels).size !== a.channels.length) {
      ctx.addIssue({ code: 'custom', path: ['channels'], message: 'each channel may appear once' });
    }
  });
export type RuleActions = z.infer<typeof RuleActions>;

const RuleFields = {
  name: z.string().trim().min(1).max(100),
  priority: z.number().int().min(0).max(1_000_000).default(100),
  enabled: z.boolean().default(true),
  conditions: RuleConditions.default({}),
  actions: RuleActions,
  continue: z.boolean().default(false),
};

/** `rules.create`. `orgId: '*'` (platform only) defines a default for every org. */
export const RuleCreateInput = z
  .object({ ...RuleFields, orgId: z.string().min(1).max(128).optional() })
  .strict();
export type RuleCreateInput = z.infer<typeof RuleCreateInput>;

/** `rules.update`: the whole rule is replaced (its id and org stay). */
export const RuleUpdateInput = z
  .object({ ruleId: z.string().min(1).max(64), ...RuleFields })
  .strict();
export type RuleUpdateInput = z.infer<typeof RuleUpdateInput>;

export const RuleIdInput = z.object({ ruleId: z.string().min(1).max(64) }).strict();

/** `rules.test`: which rules would match this message for this user, and what would happen. */
export const RuleTestInput = z
  .object({
    userId: ExternalId,
    message: z
      .object({
        messageType: MessageType,
        priority: Priority.default('NORMAL'),
        category: Category.optional(),
        title: z.string().max(200).default('Test message'),
      })
      .strict(),
    at: z.coerce.date<Date | string>().optional(),
  })
  .strict();
export type RuleTestInput = z.infer<typeof RuleTestInput>;

/** A stored routing rule. `orgId` `*` = a platform default, evaluated after the org's own rules. */
export interface RoutingRule {
  ruleId: string;
  orgId: string;
  name: string;
  priority: number;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
  continue: boolean;
  createTime: Date;
  updateTime: Date;
}

/** A rule as the API shows it: the webhook secret never leaves the server. */
export type PublicRoutingRule = Omit<RoutingRule, 'actions'> & {
  actions: Omit<RuleActions, 'webhook'> & { webhook?: { url: string; secret: typeof MASKED_SECRET } };
};

/** Hides the webhook secret. */
export function publicRule(rule: RoutingRule): PublicRoutingRule {
  const { webhook, ...actions } = rule.actions;
  return {
    ...rule,
    actions: webhook ? { ...actions, webhook: { url: webhook.url, secret: MASKED_SECRET } } : actions,
  };
}

/** Per channel: on/off, with exceptions by message type and by category. */
export const ChannelPreference = z
  .object({
    enabled: z.boolean(),
    messageTypes: z.partialRecord(MessageType, z.boolean()).optional(),
    categories: z
      .record(Category, z.boolean())
      .refine(
        (r) => Object.keys(r).length <= ROUTING_LIMITS.categoryPreferences,
        `at most ${ROUTING_LIMITS.categoryPreferences} categories`,
      )
      .optional(),
  })
  .strict();
export type ChannelPreference = z.infer<typeof ChannelPreference>;

/** A user's (or an org's default) delivery preferences. */
export const Preferences = z
  .object({
    channels: z.partialRecord(Channel, ChannelPreference).default({}),
    quietHours: TimeWindow.nullable().default(null),
    timeZone: TimeZone.nullable().default(null),
  })
  .strict();
export type Preferences = z.infer<typeof Preferences>;

/**
 * `preferences.get`: the caller's own as stored (`USER`), what routing applies to the caller —
 * their own over the org's defaults (`EFFECTIVE`) — or (admin) the org's defaults (`ORG`).
 */
export const PreferencesGetInput = z
  .object({ scope: z.enum(['USER', 'EFFECTIVE', 'ORG']).default('USER') })
  .strict()
  .default({ scope: 'USER' });

/** `preferences.update`: replaces the named fields. */
export const PreferencesUpdateInput = z
  .object({
    scope: z.enum(['USER', 'ORG']).default('USER'),
    channels: z.partialRecord(Channel, ChannelPreference).optional(),
    quietHours: TimeWindow.nullable().optional(),
    timeZone: TimeZone.nullable().optional(),
  })
  .strict();
export type PreferencesUpdateInput = z.infer<typeof PreferencesUpdateInput>;

/** Lifecycle of one external delivery. */
export const DeliveryStatus = z.enum(['PENDING', 'DELIVERED', 'FAILED']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** What an external channel sends: a snapshot of the message taken at send time. */
export interface DeliveryPayload {
  messageId: string;
  orgId: string;
  messageType: MessageType;
  priority: Priority;
  category: string | null;
  title: string;
  content: string;
  actionUrl: string | null;
  createTime: Date;
}

/** One external delivery (an outbox job). */
export interface Delivery {
  deliveryId: string;
  orgId: string;
  messageId: string;
  /** The recipient, or null for a per-message delivery (WEBHOOK). */
  userId: string | null;
  channel: Channel;
  ruleId: string;
  /** Email address, phone number or webhook URL. */
  address: string;
  /** Signing secret of a WEBHOOK delivery; never shown by the API. */
  secret: string | null;
  payload: DeliveryPayload;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  nextAttemptAt: Date;
  lastError: string | null;
  /** Who holds the job now, and the token only that holder can complete it with. */
  leaseOwner: string | null;
  leaseToken: string | null;
  leaseUntil: Date | null;
  createTime: Date;
  updateTime: Date;
  deliveredTime: Date | null;
}

/** A delivery as the API shows it (no secret, no lease token). */
export type PublicDelivery = Omit<Delivery, 'secret' | 'leaseToken'>;

export function publicDelivery(d: Delivery): PublicDelivery {
  const { secret: _secret, leaseToken: _token, ...rest } = d;
  return rest;
}

export const DeliveriesListInput = z
  .object({
    messageId: z.string().min(1).max(64),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export const DeliveryRetryInput = z.object({ deliveryId: z.string().min(1).max(200) }).strict();

/**
 * A failed channel call. `kind`: RETRY = may work later; PERMANENT = will not (bad address,
 * channel not configured); CIRCUIT_OPEN = not attempted because the endpoint's breaker is open
 * (the attempt is not counted; `retryAfterMs` says when to come back).
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly kind: 'RETRY' | 'PERMANENT' | 'CIRCUIT_OPEN' = 'RETRY',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}
