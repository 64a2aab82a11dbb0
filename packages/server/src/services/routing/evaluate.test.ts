import { describe, expect, it } from 'vitest';
import { Preferences, RuleActions, RuleConditions, type RoutingRule } from '../../domain/index.js';
import { evaluateRules, type RoutedRecipient } from './evaluate.js';
import { nextLocalTime } from './local-time.js';

const T = new Date('2025-03-01T00:00:00Z');
type RuleSpec = Partial<Omit<RoutingRule, 'conditions' | 'actions'>> & {
  conditions?: unknown;
  actions?: unknown;
};
const rule = (o: RuleSpec = {}): RoutingRule => ({
  ruleId: 'r',
  orgId: 'org-a',
  name: 'rule',
  priority: 10,
  enabled: true,
  continue: false,
  createTime: T,
  updateTime: T,
  ...o,
  conditions: RuleConditions.parse(o.conditions ?? {}),
  actions: RuleActions.parse(o.actions ?? {}),
});
const user = (o: Partial<RoutedRecipient> = {}): RoutedRecipient => ({
  userId: 'u1',
  groupIds: [],
  preferences: null,
  timeZone: 'UTC',
  ...o,
});
const NORMAL = { messageType: 'BUSINESS', priority: 'NORMAL', category: null } as const;
const ALERT = { messageType: 'ALERT', priority: 'HIGH', category: 'ops' } as const;
// 23:30 in Asia/Shanghai (UTC+8) on Saturday 2025-03-01.
const NIGHT = new Date('2025-03-01T15:30:00Z');
const night = rule({
  ruleId: 'night',
  name: 'Night',
  conditions: { time: { timeZone: 'Asia/Shanghai', windows: [{ start: '22:00', end: '07:00' }] } },
  actions: { inApp: 'quietHours' },
});

describe('evaluateRules', () => {
  it('defers a NORMAL message at night to 07:00 in the rule’s zone, across midnight', () => {
    const d = evaluateRules([night], NORMAL, user(), NIGHT);
    expect(d.deliverAt).toEqual(new Date('2025-03-01T23:00:00Z'));
    expect(d.rules[0]).toMatchObject({ matched: true });
    expect(d.inAppReason).toContain('quiet hours until');
    // 06:59 the next morning is still inside; 07:00 is outside (the end is exclusive).
    expect(
      evaluateRules([night], NORMAL, user(), new Date('2025-03-01T22:59:00Z')).deliverAt,
    ).toEqual(new Date('2025-03-01T23:00:00Z'));
    const morning = evaluateRules([night], NORMAL, user(), new Date('2025-03-01T23:00:00Z'));
    expect(morning.deliverAt).toBeNull();
    expect(morning.rules[0]!.reason).toBe('07:00 in Asia/Shanghai is outside 22:00–07:00');
  });

  it('lets URGENT and rules marked bypassQuietHours through at once', () => {
    expect(evaluateRules([night], { ...NORMAL, priority: 'URGENT' }, user(), NIGHT)).toMatchObject({
      deliverAt: null,
      inAppReason: expect.stringContaining('URGENT') as string,
    });
    const bypass = rule({
      ruleId: 'b',
      conditions: night.conditions,
      actions: { inApp: 'quietHours', bypassQuietHours: true },
    });
    expect(evaluateRules([bypass], NORMAL, user(), NIGHT).deliverAt).toBeNull();
  });

  it('matches on type, priority, category, users and days, and explains each miss', () => {
    const r: RoutingRule = rule({
      conditions: {
        messageTypes: ['ALERT'],
        priorities: ['HIGH', 'URGENT'],
        categories: ['ops'],
        users: { groupIds: ['oncall'] },
        time: { timeZone: 'UTC', days: ['SAT'] },
      },
      actions: { channels: ['EMAIL'] },
    });
    expect(evaluateRules([r], ALERT, user({ groupIds: ['oncall'] }), T).rules[0]).toMatchObject({
      matched: true,
      reason: 'all conditions hold',
    });
    const reasons = [
      evaluateRules([r], NORMAL, user({ groupIds: ['oncall'] }), T),
      evaluateRules([r], { ...ALERT, priority: 'LOW' }, user({ groupIds: ['oncall'] }), T),
      evaluateRules([r], { ...ALERT, category: null }, user({ groupIds: ['oncall'] }), T),
      evaluateRules([r], ALERT, user(), T),
      evaluateRules([r], ALERT, user({ groupIds: ['oncall'] }), new Date('2025-03-02T12:00:00Z')),
      evaluateRules([{ ...r, enabled: false }], ALERT, user({ groupIds: ['oncall'] }), T),
    ].map((d) => d.rules[0]!.reason);
    expect(reasons).toEqual([
      'message type BUSINESS is not one of ALERT',
      'priority LOW is not one of HIGH, URGENT',
      'category (none) is not one of ops',
      'the recipient is not among the rule’s users, groups or roles',
      'SUN in UTC is not one of SAT',
      'disabled',
    ]);
  });

  it('stops at the first match unless it says continue; org rules before platform defaults', () => {
    const a = rule({ ruleId: 'a', priority: 1, actions: { channels: ['EMAIL'] } });
    const b = rule({ ruleId: 'b', priority: 2, actions: { channels: ['SMS'] } });
    const platform = rule({ ruleId: 'p', orgId: '*', priority: 0, actions: { channels: ['SMS'] } });
    expect(
      evaluateRules([b, a, platform], ALERT, user(), T).channels.map((c) => c.channel),
    ).toEqual(['EMAIL']);
    const d = evaluateRules([{ ...a, continue: true }, b], ALERT, user(), T);
    expect(d.channels.map((c) => c.channel)).toEqual(['EMAIL', 'SMS']);
    expect(evaluateRules([platform], ALERT, user(), T).channels.map((c) => c.channel)).toEqual([
      'SMS',
    ]);
    expect(evaluateRules([a, b], ALERT, user(), T).rules[1]!.reason).toContain('not evaluated');
  });

  it('always respects an opt-out, also for URGENT; exceptions by category win over type and channel', () => {
    const r = rule({ actions: { channels: ['EMAIL', 'SMS'] } });
    const prefs = Preferences.parse({
      channels: {
        EMAIL: { enabled: false },
        SMS: { enabled: true, messageTypes: { ALERT: false }, categories: { ops: true } },
      },
    });
    const d = evaluateRules(
      [r],
      { ...ALERT, priority: 'URGENT', category: 'billing' },
      user({ preferences: prefs }),
      T,
    );
    expect(d.channels).toEqual([]);
    expect(d.suppressed.map((s) => s.reason)).toEqual([
      'the recipient turned EMAIL off for all messages',
      'the recipient turned SMS off for message type ALERT',
    ]);
    expect(
      evaluateRules([r], ALERT, user({ preferences: prefs }), T).channels.map((c) => c.channel),
    ).toEqual(['SMS']);
  });

  it('holds external channels until the end of the user’s quiet hours in the user’s zone, unless URGENT', () => {
    const r = rule({ actions: { channels: ['EMAIL'] } });
    const prefs = Preferences.parse({
      quietHours: { start: '22:00', end: '08:00' },
      timeZone: 'Europe/Berlin',
    });
    // 23:30 UTC = 00:30 in Berlin (UTC+1 in March before the switch).
    const late = new Date('2025-03-01T23:30:00Z');
    expect(
      evaluateRules([r], ALERT, user({ preferences: prefs }), late).channels[0]!.notBefore,
    ).toEqual(new Date('2025-03-02T07:00:00Z'));
    expect(
      evaluateRules([r], { ...ALERT, priority: 'URGENT' }, user({ preferences: prefs }), late)
        .channels[0]!.notBefore,
    ).toBeNull();
  });

  it('delays by a duration or until a time of day', () => {
    expect(
      evaluateRules([rule({ actions: { inApp: 'delay', delayMs: 60_000 } })], NORMAL, user(), T)
        .deliverAt,
    ).toEqual(new Date(T.getTime() + 60_000));
    const until = rule({ actions: { inApp: 'delay', until: '09:00' } });
    expect(
      evaluateRules([until], NORMAL, user({ timeZone: 'Asia/Shanghai' }), T).deliverAt,
    ).toEqual(new Date('2025-03-01T01:00:00Z'));
  });
});

describe('nextLocalTime', () => {
  it('lands on the wall-clock time across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 on 2025-03-30 at 02:00.
    expect(nextLocalTime(new Date('2025-03-29T22:00:00Z'), '08:00', 'Europe/Berlin')).toEqual(
      new Date('2025-03-30T06:00:00Z'),
    );
    expect(nextLocalTime(new Date('2025-03-01T07:00:00Z'), '08:00', 'Europe/Berlin')).toEqual(
      new Date('2025-03-02T07:00:00Z'),
    );
  });
});
