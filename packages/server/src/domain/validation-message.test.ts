import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BatchReadInput, SendInput } from './inputs.js';
import { TemplatePreviewInput } from './template-inputs.js';
import { describeValidationIssues, fieldIssues } from './validation-message.js';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues;
};

describe('describeValidationIssues', () => {
  it('lists the allowed values of an enum', () => {
    const text = describeValidationIssues(issuesOf(SendInput, { receiverId: 'u1', messageType: 'NOPE', title: 't', content: '' }));
    expect(text).toBe('messageType: expected one of SYSTEM, BUSINESS, ALERT, NOTIFICATION, ANNOUNCEMENT');
  });

  it('gives one sentence per field, with dotted paths into nested objects and arrays', () => {
    const issues = issuesOf(SendInput, {
      receiverId: 'u1',
      messageType: 'SYSTEM',
      title: '',
      content: 1,
      metadata: { attachments: [{ name: 'a.pdf' }], extra: 1 },
    });
    expect(fieldIssues(issues)).toEqual([
      { path: 'title', message: 'must be at least 1 character', code: 'too_small' },
      { path: 'content', message: 'expected string', code: 'invalid_type' },
      { path: 'metadata.attachments.0.url', message: 'is required', code: 'invalid_type' },
      { path: 'metadata', message: 'unknown field extra', code: 'unrecognized_keys' },
    ]);
    expect(describeValidationIssues(issues)).toBe(
      'title: must be at least 1 character; content: expected string; metadata.attachments.0.url: is required; metadata: unknown field extra',
    );
  });

  it('keeps a schema author’s own message as written', () => {
    const text = describeValidationIssues(issuesOf(TemplatePreviewInput, { templateId: 'a b' }));
    expect(text).toBe('templateId: must not contain spaces or ":"');
  });

  it('explains a union of scalar types as alternatives', () => {
    const text = describeValidationIssues(issuesOf(SendInput, { receiverId: true, messageType: 'SYSTEM', title: 't', content: '' }));
    expect(text).toBe('receiverId: expected string or number');
  });

  it('explains a union of object shapes by what each shape lacks', () => {
    const text = describeValidationIssues(issuesOf(BatchReadInput, {}));
    expect(text).toBe('(input): matches none of the allowed forms (messageIds is required; or all expected true)');
  });

  it('words bounds by kind: characters, items, numbers, exclusivity', () => {
    const schema = z.object({ ids: z.array(z.string()).max(2), n: z.number().gt(0), s: z.string().max(3) });
    expect(describeValidationIssues(issuesOf(schema, { ids: ['a', 'b', 'c'], n: 0, s: 'abcd' }))).toBe(
      'ids: must have at most 2 items; n: must be greater than 0; s: must be at most 3 characters',
    );
  });

  it('joins several problems of one field and bounds the number of fields explained', () => {
    const one = z.object({ v: z.string().min(5).regex(/^\d+$/) });
    expect(describeValidationIssues(issuesOf(one, { v: 'ab' }))).toBe('v: must be at least 5 characters and has an invalid format');
    const many = z.object(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, z.string()])));
    const text = describeValidationIssues(issuesOf(many, {}));
    expect(text.split('; ')).toHaveLength(21);
    expect(text.endsWith('; …')).toBe(true);
  });

  it('has a sentence even for an empty issue list', () => {
    expect(describeValidationIssues([])).toBe('The input is invalid');
  });
});
