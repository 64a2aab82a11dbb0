import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../../../lib/messages-en';
import { orgUpdateOf, prefsDraftOf, type Preferences } from './prefs-draft';

const t = (key: MessageKey) => key;

const stored: Preferences = {
  channels: {
    EMAIL: {
      enabled: true,
      messageTypes: { ALERT: false, SYSTEM: true },
      categories: { billing: false, security: true },
    },
    SMS: { enabled: false },
    WEBHOOK: { enabled: false },
  },
  quietHours: { start: '22:00', end: '07:00' },
  timeZone: 'Asia/Shanghai',
};

describe('org default preferences form', () => {
  it('fills the form from stored preferences and saves the same preferences back', () => {
    const draft = prefsDraftOf(stored);
    expect(draft.channels.EMAIL.types.ALERT).toBe('off');
    expect(draft.channels.EMAIL.types.BUSINESS).toBe('');
    expect(draft.channels.EMAIL.categoriesOff).toBe('billing');
    expect(Object.keys(draft.channels)).toEqual(['EMAIL', 'SMS']);
    expect(orgUpdateOf(draft, t)).toEqual({ input: { scope: 'ORG', ...stored } });
  });

  it('clears quiet hours and the time zone when both fields are empty', () => {
    const draft = { ...prefsDraftOf(stored), quietStart: '', quietEnd: '', timeZone: ' ' };
    expect(orgUpdateOf(draft, t)).toMatchObject({ input: { quietHours: null, timeZone: null } });
  });

  it('asks for both ends of the quiet hours and refuses a category both on and off', () => {
    const draft = prefsDraftOf(stored);
    draft.quietEnd = '';
    draft.channels.SMS.categoriesOn = 'ops, billing';
    draft.channels.SMS.categoriesOff = 'billing';
    expect(orgUpdateOf(draft, t)).toEqual({
      problems: {
        quietEnd: 'prefs.quietBoth',
        'SMS.categoriesOff': 'prefs.categoryTwice billing',
      },
    });
  });
});
