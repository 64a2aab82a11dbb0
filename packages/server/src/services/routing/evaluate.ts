import type {
  Channel,
  MessageType,
  Preferences,
  Priority,
  RetryPolicy,
  RoutingRule,
  WebhookTarget,
} from '../../domain/index.js';
import { isInWindow, localTime, nextLocalTime } from './local-time.js';

/** What the evaluator knows about a message. */
export interface RoutedMessage {
  messageType: MessageType;
  priority: Priority;
  category: string | null;
}

/**
 * Who the message is for. For a direct message: the user and the groups (USER_GROUP and ROLE)
 * they belong to. For a group message: no user, and the addressed group as the only group.
 * For an org-wide or all-users message: neither (user conditions then never match).
 */
export interface RoutedRecipient {
  userId: string | null;
  groupIds: readonly string[];
  /** The recipient's effective preferences (user's over the org's defaults), if any. */
  preferences: Preferences | null;
  /** The zone quiet hours and `until` times are read in when a rule names none. */
  timeZone: string;
}

/** One rule's verdict, with the reason a person can read. */
export interface RuleTrace {
  ruleId: string;
  name: string;
  orgId: string;
  matched: boolean;
  reason: string;
}

/** An external delivery the decision asks for. */
export interface PlannedChannel {
  channel: Channel;
  ruleId: string;
  retry: RetryPolicy;
  webhook?: WebhookTarget;
  /** Not before this time (the recipient's quiet hours), or null = now. */
  notBefore: Date | null;
  reason: string;
}

/** The outcome of routing one message for one recipient. */
export interface RoutingDecision {
  rules: RuleTrace[];
  /** When the message becomes visible in the inbox: null = now. */
  deliverAt: Date | null;
  inAppReason: string;
  channels: PlannedChannel[];
  /** Channels a matching rule asked for but that will not be used, and why. */
  suppressed: { channel: Channel; ruleId: string; reason: string }[];
}

/**
 * Routes a message: rules are tried in order (the org's own by priority, then the platform
 * defaults); the first that matches decides, unless it says `continue`. Pure: the clock comes
 * in as `now`.
 */
export function evaluateRules(
  rules: readonly RoutingRule[],
  message: RoutedMessage,
  recipient: RoutedRecipient,
  now: Date,
): RoutingDecision {
  const decision: RoutingDecision = {
    rules: [],
    deliverAt: null,
    inAppReason: 'no rule deferred it: in-app now',
    channels: [],
    suppressed: [],
  };
  const ordered = [...rules].sort(
    (a, b) =>
      Number(a.orgId === '*') - Number(b.orgId === '*') ||
      a.priority - b.priority ||
      a.ruleId.localeCompare(b.ruleId),
  );
  let isDecided = false;
  for (const rule of ordered) {
    if (isDecided) {
      decision.rules.push({
        ruleId: rule.ruleId,
        name: rule.name,
        orgId: rule.orgId,
        matched: false,
        reason: 'not evaluated: an earlier rule matched without continue',
      });
      continue;
    }
    const mismatch = whyNot(rule, message, recipient, now);
    decision.rules.push({
      ruleId: rule.ruleId,
      name: rule.name,
      orgId: rule.orgId,
      matched: mismatch === null,
      reason: mismatch ?? 'all conditions hold',
    });
    if (mismatch !== null) continue;
    applyActions(decision, rule, message, recipient, now);
    isDecided = !rule.continue;
  }
  return decision;
}

function whyNot(rule: RoutingRule, m: RoutedMessage, r: RoutedRecipient, now: Date): string | null {
  const c = rule.conditions;
  if (!rule.enabled) return 'disabled';
  if (c.messageTypes?.length && !c.messageTypes.includes(m.messageType))
    return `message type ${m.messageType} is not one of ${c.messageTypes.join(', ')}`;
  if (c.priorities?.length && !c.priorities.includes(m.priority))
    return `priority ${m.priority} is not one of ${c.priorities.join(', ')}`;
  if (c.categories?.length && !(m.category !== null && c.categories.includes(m.category)))
    return `category ${m.category ?? '(none)'} is not one of ${c.categories.join(', ')}`;
  const u = c.users;
  if (u && (u.userIds?.length || u.groupIds?.length || u.roles?.length)) {
    const isUser = r.userId !== null && (u.userIds ?? []).includes(r.userId);
    const inGroup = [...(u.groupIds ?? []), ...(u.roles ?? [])].some((g) => r.groupIds.includes(g));
    if (!isUser && !inGroup) return 'the recipient is not among the rule’s users, groups or roles';
  }
  if (c.time) {
    const local = localTime(now, c.time.timeZone);
    if (c.time.days?.length && !c.time.days.includes(local.weekday))
      return `${local.weekday} in ${c.time.timeZone} is not one of ${c.time.days.join(', ')}`;
    if (c.time.windows?.length && !c.time.windows.some((w) => isInWindow(local.minuteOfDay, w))) {
      return `${hhmm(local.minuteOfDay)} in ${c.time.timeZone} is outside ${c.time.windows.map((w) => `${w.start}–${w.end}`).join(', ')}`;
    }
  }
  return null;
}

function applyActions(
  d: RoutingDecision,
  rule: RoutingRule,
  m: RoutedMessage,
  r: RoutedRecipient,
  now: Date,
): void {
  const a = rule.actions;
  const bypassesQuiet = m.priority === 'URGENT' || a.bypassQuietHours;
  if (a.inApp === 'delay') {
    const at =
      a.delayMs !== undefined
        ? new Date(now.getTime() + a.delayMs)
        : nextLocalTime(now, a.until ?? '00:00', rule.conditions.time?.timeZone ?? r.timeZone);
    deferTo(d, at, `rule "${rule.name}" delays it to ${at.toISOString()}`);
  } else if (a.inApp === 'quietHours') {
    const end = bypassesQuiet ? null : quietEnd(rule, r, now);
    if (bypassesQuiet)
      d.inAppReason = `rule "${rule.name}" would defer to the end of quiet hours, but ${m.priority === 'URGENT' ? 'URGENT messages' : 'this rule'} bypass quiet hours: in-app now`;
    else if (end) deferTo(d, end, `rule "${rule.name}": quiet hours until ${end.toISOString()}`);
    else d.inAppReason = `rule "${rule.name}": not in quiet hours now, in-app now`;
  }
  const quiet = bypassesQuiet ? null : userQuietEnd(r, now);
  for (const channel of a.channels) {
    if (channel !== 'WEBHOOK' && d.channels.some((p) => p.channel === channel)) continue;
    const optOut = channel === 'WEBHOOK' ? null : optOutReason(r.preferences, channel, m);
    if (optOut) {
      d.suppressed.push({ channel, ruleId: rule.ruleId, reason: optOut });
      continue;
    }
    const notBefore = channel === 'WEBHOOK' ? null : quiet;
    const when = notBefore
      ? `after the recipient's quiet hours (${notBefore.toISOString()})`
      : 'now';
    d.channels.push({
      channel,
      ruleId: rule.ruleId,
      retry: a.retry,
      ...(a.webhook && channel === 'WEBHOOK' ? { webhook: a.webhook } : {}),
      notBefore,
      reason: `rule "${rule.name}" sends ${channel} ${when}`,
    });
  }
}

function deferTo(d: RoutingDecision, at: Date, reason: string): void {
  if (d.deliverAt && d.deliverAt.getTime() >= at.getTime()) return;
  d.deliverAt = at;
  d.inAppReason = reason;
}

/** End of the rule's own time window containing `now`, else of the recipient's quiet hours. */
function quietEnd(rule: RoutingRule, r: RoutedRecipient, now: Date): Date | null {
  const t = rule.conditions.time;
  if (t?.windows?.length) {
    const minute = localTime(now, t.timeZone).minuteOfDay;
    const window = t.windows.find((w) => isInWindow(minute, w));
    if (window) return nextLocalTime(now, window.end, t.timeZone);
  }
  return userQuietEnd(r, now);
}

function userQuietEnd(r: RoutedRecipient, now: Date): Date | null {
  const q = r.preferences?.quietHours;
  if (!q) return null;
  const tz = r.preferences?.timeZone ?? r.timeZone;
  return isInWindow(localTime(now, tz).minuteOfDay, q) ? nextLocalTime(now, q.end, tz) : null;
}

/** Why the recipient's preferences turn a channel off for this message, or null. */
function optOutReason(p: Preferences | null, channel: Channel, m: RoutedMessage): string | null {
  const pref = p?.channels[channel];
  if (!pref) return null;
  const byCategory = m.category !== null ? pref.categories?.[m.category] : undefined;
  const byType = pref.messageTypes?.[m.messageType];
  const isOn = byCategory ?? byType ?? pref.enabled;
  if (isOn) return null;
  const why =
    byCategory !== undefined
      ? `category ${m.category ?? ''}`
      : byType !== undefined
        ? `message type ${m.messageType}`
        : 'all messages';
  return `the recipient turned ${channel} off for ${why}`;
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
