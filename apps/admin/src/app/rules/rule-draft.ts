import type { FieldPaths } from '../../lib/field-errors';
import type { RouterInputs, RouterOutputs } from '../../lib/api-types';

/** A rule as `rules.get` / `rules.list` show it (the webhook secret is masked). */
export type Rule = RouterOutputs['rules']['get'];
/** Everything `rules.create` and `rules.update` share: the whole rule but its id and org. */
export type RuleFields = Omit<RouterInputs['rules']['update'], 'ruleId'>;
type Conditions = NonNullable<RuleFields['conditions']>;
type Actions = RuleFields['actions'];
type Weekday = NonNullable<NonNullable<Conditions['time']>['days']>[number];

export const IN_APP_MODES = ['now', 'delay', 'quietHours'] as const satisfies readonly NonNullable<
  Actions['inApp']
>[];

/**
 * The rule editor's state: one text per field, lists typed as comma lists, windows as
 * `22:00-07:00, 12:00-13:00`, the delay in seconds. Text is sent as typed (trimmed); the server
 * checks every value and its message is shown on the field it names.
 */
export interface RuleDraft {
  name: string;
  priority: string;
  enabled: boolean;
  continue: boolean;
  messageTypes: string;
  priorities: string;
  categories: string;
  userIds: string;
  groupIds: string;
  roles: string;
  timeZone: string;
  days: string;
  windows: string;
  inApp: (typeof IN_APP_MODES)[number];
  delaySeconds: string;
  until: string;
  channels: string;
  webhookUrl: string;
  webhookSecret: string;
  maxAttempts: string;
  backoffMs: string;
  bypassQuietHours: boolean;
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  priority: '100',
  enabled: true,
  continue: false,
  messageTypes: '',
  priorities: '',
  categories: '',
  userIds: '',
  groupIds: '',
  roles: '',
  timeZone: '',
  days: '',
  windows: '',
  inApp: 'now',
  delaySeconds: '',
  until: '',
  channels: '',
  webhookUrl: '',
  webhookSecret: '',
  maxAttempts: '3',
  backoffMs: '1000',
  bypassQuietHours: false,
};

export type RuleDraftField = keyof RuleDraft;

/** The editor's fields, and where each sits in the rule the server checks. */
export const RULE_FIELD_PATHS = {
  name: ['name'],
  priority: ['priority'],
  enabled: ['enabled'],
  continue: ['continue'],
  messageTypes: ['conditions.messageTypes'],
  priorities: ['conditions.priorities'],
  categories: ['conditions.categories'],
  userIds: ['conditions.users.userIds', 'conditions.users'],
  groupIds: ['conditions.users.groupIds'],
  roles: ['conditions.users.roles'],
  timeZone: ['conditions.time.timeZone', 'conditions.time'],
  days: ['conditions.time.days'],
  windows: ['conditions.time.windows'],
  inApp: ['actions.inApp'],
  delaySeconds: ['actions.delayMs'],
  until: ['actions.until'],
  channels: ['actions.channels'],
  webhookUrl: ['actions.webhook.url', 'actions.webhook'],
  webhookSecret: ['actions.webhook.secret'],
  maxAttempts: ['actions.retry.maxAttempts', 'actions.retry'],
  backoffMs: ['actions.retry.backoffMs'],
  bypassQuietHours: ['actions.bypassQuietHours'],
} as const satisfies FieldPaths<RuleDraftField> & Record<RuleDraftField, readonly string[]>;

export const RULE_FIELDS = Object.keys(RULE_FIELD_PATHS) as RuleDraftField[];

/** Items of a comma list, trimmed, empty ones dropped. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A number typed in a field, or undefined when the field is empty (the server's default). */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** `22:00-07:00` → `{start, end}`; a text without a dash keeps it all as `start` for the server to refuse. */
function windowOf(text: string): { start: string; end: string } {
  const dash = text.search(/[-–]/);
  if (dash < 0) return { start: text.trim(), end: '' };
  return { start: text.slice(0, dash).trim(), end: text.slice(dash + 1).trim() };
}

/** Only the keys whose value is set, so empty fields leave the server's defaults in place. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function conditionsOf(d: RuleDraft): Conditions {
  const nonEmpty = <T>(items: T[]) => (items.length ? items : undefined);
  const users = defined({
    userIds: nonEmpty(commaList(d.userIds)),
    groupIds: nonEmpty(commaList(d.groupIds)),
    roles: nonEmpty(commaList(d.roles)),
  });
  const hasTime = d.timeZone.trim() !== '' || d.days.trim() !== '' || d.windows.trim() !== '';
  // Enum members are typed as text; the server refuses an unknown one and names it.
  return defined({
    messageTypes: nonEmpty(commaList(d.messageTypes)) as Conditions['messageTypes'],
    priorities: nonEmpty(commaList(d.priorities)) as Conditions['priorities'],
    categories: nonEmpty(commaList(d.categories)),
    users: Object.keys(users).length ? users : undefined,
    time: hasTime
      ? defined({
          timeZone: d.timeZone.trim(),
          days: nonEmpty(commaList(d.days)) as Weekday[] | undefined,
          windows: nonEmpty(commaList(d.windows).map(windowOf)),
        })
      : undefined,
  });
}

/**
 * What the server shows instead of a webhook secret. Sent back with the same URL it keeps the
 * stored secret, so an empty secret field means "unchanged" (a new webhook or URL needs one).
 */
export const MASKED_SECRET = '********';

function actionsOf(d: RuleDraft): Actions {
  const delaySeconds = numberOf(d.delaySeconds);
  const hasWebhook = d.webhookUrl.trim() !== '' || d.webhookSecret !== '';
  return defined({
    inApp: d.inApp,
    delayMs: delaySeconds === undefined ? undefined : Math.round(delaySeconds * 1000),
    until: d.until.trim() || undefined,
    channels: commaList(d.channels) as Actions['channels'],
    webhook: hasWebhook ? { url: d.webhookUrl.trim(), secret: d.webhookSecret || MASKED_SECRET } : undefined,
    retry: defined({ maxAttempts: numberOf(d.maxAttempts), backoffMs: numberOf(d.backoffMs) }),
    bypassQuietHours: d.bypassQuietHours,
  });
}

/** The rule a draft describes, as `rules.create` / `rules.update` take it. */
export function ruleFieldsOf(d: RuleDraft): RuleFields {
  return defined({
    name: d.name,
    priority: numberOf(d.priority),
    enabled: d.enabled,
    continue: d.continue,
    conditions: conditionsOf(d),
    actions: actionsOf(d),
  });
}

const joined = (items: readonly string[] | undefined) => (items ?? []).join(', ');

/**
 * The editor prefilled with a stored rule. The webhook secret starts empty: the server never
 * shows it, and left empty it stays as stored (for the same URL).
 */
export function draftOf(rule: Rule): RuleDraft {
  const { conditions: c, actions: a } = rule;
  return {
    name: rule.name,
    priority: String(rule.priority),
    enabled: rule.enabled,
    continue: rule.continue,
    messageTypes: joined(c.messageTypes),
    priorities: joined(c.priorities),
    categories: joined(c.categories),
    userIds: joined(c.users?.userIds),
    groupIds: joined(c.users?.groupIds),
    roles: joined(c.users?.roles),
    timeZone: c.time?.timeZone ?? '',
    days: joined(c.time?.days),
    windows: joined(c.time?.windows?.map((w) => `${w.start}-${w.end}`)),
    inApp: a.inApp,
    delaySeconds: a.delayMs === undefined ? '' : String(a.delayMs / 1000),
    until: a.until ?? '',
    channels: joined(a.channels),
    webhookUrl: a.webhook?.url ?? '',
    webhookSecret: '',
    maxAttempts: String(a.retry.maxAttempts),
    backoffMs: String(a.retry.backoffMs),
    bypassQuietHours: a.bypassQuietHours,
  };
}

/**
 * The stored rule as `rules.update` takes it, for changes that keep everything else (the
 * enabled switch); a webhook's masked secret goes back as it came, which keeps the stored one.
 */
export function fieldsOfStored(rule: Rule): RuleFields {
  return {
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    continue: rule.continue,
    conditions: rule.conditions,
    actions: rule.actions,
  };
}
