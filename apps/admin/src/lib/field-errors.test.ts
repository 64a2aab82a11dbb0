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
