import { describe, expect, it } from 'vitest';
import { splitFieldErrors } from './field-errors';

const validationError = {
  message: 'name: must be at least 1 character; members.1: must not be empty',
  data: {
    appCode: 'FORMAT_001',
    fieldPaths: ['name', 'members.1'],
    issues: [
      { path: 'name', message: 'must be at least 1 character', code: 'too_small' },
      { path: 'members.1', message: 'must not be empty', code: 'too_small' },
    ],
  },
};

describe('splitFieldErrors', () => {
  it('puts the server’s sentence for each field under that field', () => {
    expect(splitFieldErrors(validationError, ['name', 'members', 'groupId'])).toEqual({
      byField: {
        name: '[FORMAT_001] must be at least 1 character',
        members: '[FORMAT_001] members.1: must not be empty',
      },
      general: null,
    });
  });

  it('keeps an error naming no field of the form as a general error', () => {
    expect(splitFieldErrors(validationError, ['description'])).toEqual({
      byField: {},
      general: validationError,
    });
  });

  it('shows the whole message under the field when the server gave no per-field issues', () => {
    const duplicate = {
      message: 'A group with this id exists',
      data: { appCode: 'FORMAT_001', fieldPaths: ['groupId'] },
    };
    expect(splitFieldErrors(duplicate, ['groupId']).byField.groupId).toBe(
      '[FORMAT_001] A group with this id exists (groupId)',
    );
  });
});

describe('splitFieldErrors with field paths', () => {
  const nested = {
    message:
      'conditions.time.timeZone: must be an IANA time zone; actions.webhook: needs a webhook',
    data: {
      appCode: 'FORMAT_001',
      fieldPaths: ['conditions.time.timeZone', 'actions.webhook', 'actions.webhook.secret'],
      issues: [
        { path: 'conditions.time.timeZone', message: 'must be an IANA time zone' },
        { path: 'actions.webhook', message: 'needs a webhook' },
        { path: 'actions.webhook.secret', message: 'must be at least 16 characters' },
      ],
    },
  };

  it('places a nested path on the form field whose path is its longest prefix', () => {
    const fields = ['timeZone', 'webhookUrl', 'webhookSecret', 'name'] as const;
    expect(
      splitFieldErrors(nested, fields, {
        timeZone: ['conditions.time.timeZone'],
        webhookUrl: ['actions.webhook.url', 'actions.webhook'],
        webhookSecret: ['actions.webhook.secret'],
      }),
    ).toEqual({
      byField: {
        timeZone: '[FORMAT_001] must be an IANA time zone',
        webhookUrl: '[FORMAT_001] needs a webhook',
        webhookSecret: '[FORMAT_001] must be at least 16 characters',
      },
      general: null,
    });
  });

  it('keeps the sub-path when the problem is inside a mapped list field', () => {
    const error = {
      message: 'x',
      data: {
        appCode: 'FORMAT_001',
        fieldPaths: ['conditions.users.groupIds.1'],
        issues: [{ path: 'conditions.users.groupIds.1', message: 'must not be empty' }],
      },
    };
    expect(
      splitFieldErrors(error, ['groupIds'], { groupIds: ['conditions.users.groupIds'] }).byField,
    ).toEqual({ groupIds: '[FORMAT_001] conditions.users.groupIds.1: must not be empty' });
  });
});
