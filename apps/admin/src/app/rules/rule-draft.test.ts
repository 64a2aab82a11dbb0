import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_DRAFT, ruleFieldsOf, type Rule } from './rule-draft';

const stored: Rule = {
  ruleId: 'rule_1',
  orgId: 'org-a',
  name: 'Night',
  priority: 5,
  enabled: false,
  continue: true,
  conditions: {
    messageTypes: ['ALERT', 'SYSTEM'],
    priorities: ['NORMAL'],
    categories: ['billing'],
    users: { userIds: ['u1', 'u2'], groupIds: ['g1'], roles: ['ops'] },
    time: {
      timeZone: 'Asia/Shanghai',
      days: ['MON', 'FRI'],
      windows: [
        { start: '22:00', end: '07:00' },
        { start: '12:00', end: '13:00' },
      ],
    },
  },
  actions: {
    inApp: 'delay',
    delayMs: 1500,
    channels: ['EMAIL', 'WEBHOOK'],
    webhook: { url: 'https://hooks.example/x', secret: '********' },
    retry: { maxAttempts: 5, backoffMs: 250 },
    bypassQuietHours: true,
  },
  createTime: new Date(0),
  updateTime: new Date(0),
};

describe('rule drafts', () => {
  it('prefills every field of a stored rule and gives it back unchanged; an empty secret stays masked (kept by the server)', () => {
    const draft = draftOf(stored);
    expect(draft.webhookSecret).toBe('');
    expect(ruleFieldsOf(draft).actions).toEqual(stored.actions);
    const fields = ruleFieldsOf({ ...draft, webhookSecret: 'a-new-secret-0123456789' });
    expect(fields).toEqual({
      name: stored.name,
      priority: stored.priority,
      enabled: stored.enabled,
      continue: stored.continue,
      conditions: stored.conditions,
      actions: {
        ...stored.actions,
        webhook: { url: 'https://hooks.example/x', secret: 'a-new-secret-0123456789' },
      },
    });
  });

  it('leaves out the conditions and values the form left empty', () => {
    expect(ruleFieldsOf({ ...EMPTY_DRAFT, name: 'All', priority: '', maxAttempts: '' })).toEqual({
      name: 'All',
      enabled: true,
      continue: false,
      conditions: {},
      actions: {
        inApp: 'now',
        channels: [],
        retry: { backoffMs: 1000 },
        bypassQuietHours: false,
      },
    });
  });

  it('sends a malformed window as typed so the server names it', () => {
    const fields = ruleFieldsOf({ ...EMPTY_DRAFT, timeZone: 'UTC', windows: '22:00' });
    expect(fields.conditions?.time?.windows).toEqual([{ start: '22:00', end: '' }]);
  });
});
