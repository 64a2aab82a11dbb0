import { describe, expect, it } from 'vitest';
import { checkValues } from './check-values.js';
import { VariableType, type TemplateVariable } from './variables.js';

const declare = (type: VariableType, required = false): TemplateVariable[] => [{ name: 'v', type, required }];

describe('checkValues', () => {
  it('accepts values of each declared type', () => {
    const good: Record<VariableType, unknown[]> = {
      STRING: ['', '张三'],
      NUMBER: [0, -1.5],
      BOOLEAN: [true, false],
      DATE: ['2024-03-15', new Date(), 1_710_000_000_000],
      DATETIME: ['2024-03-15T02:00:00+08:00', '2024-03-15 02:00'],
      ARRAY: [[], [1, 'a']],
      OBJECT: [{}, { phone: '1' }],
      URL: ['https://example.com/x?y=1', '/inbox/42', 'myapp://open?id=1', 'mailto:ops@example.com'],
      EMAIL: ['ops@example.com', '张三@例子.中国'],
      PHONE: ['400-123-4567', '+86 138 0013 8000', '(010) 12345678'],
    };
    for (const type of VariableType) {
      for (const value of good[type]) expect(checkValues(declare(type), { v: value }), `${type} ${String(value)}`).toEqual([]);
    }
  });

  it('rejects values of the wrong type with a message naming the variable, type and value', () => {
    const bad: [VariableType, unknown, string][] = [
      ['STRING', 5, '`v`: expected text (STRING), got the number 5'],
      ['NUMBER', '5', '`v`: expected a finite number (NUMBER), got the text "5"'],
      ['NUMBER', Number.NaN, 'got the number NaN'],
      ['BOOLEAN', 'true', 'expected true or false (BOOLEAN)'],
      ['DATE', 'next week', 'expected a DATE'],
      ['DATETIME', 1.5, 'expected a DATETIME'],
      ['ARRAY', { 0: 'a' }, 'expected a list (ARRAY), got an object'],
      ['OBJECT', [], 'expected an object (OBJECT), got a list'],
      ['URL', 'javascript:alert(1)', 'javascript: URLs are not allowed'],
      ['URL', 'not a url', 'expected an absolute URL'],
      ['URL', '//evil.example', 'expected an absolute URL'],
      ['EMAIL', 'ops@', 'expected an email address'],
      ['PHONE', '12', 'expected a phone number'],
      ['PHONE', 'call me', 'expected a phone number'],
    ];
    for (const [type, value, message] of bad) {
      const problems = checkValues(declare(type), { v: value });
      expect(problems, `${type} ${String(value)}`).toEqual([expect.objectContaining({ severity: 'error', code: 'WRONG_TYPE', variable: 'v', index: 0 })]);
      expect(problems[0]!.message).toContain(message);
    }
  });

  it('requires required values unless there is a default', () => {
    expect(checkValues(declare('STRING', true), {})).toEqual([
      { severity: 'error', code: 'MISSING_VALUE', variable: 'v', index: 0, message: '`v` is required: supply a value' },
    ]);
    expect(checkValues(declare('STRING', true), { v: '' })).toHaveLength(1);
    expect(checkValues(declare('STRING', true), { v: null })).toHaveLength(1);
    expect(checkValues([{ name: 'v', type: 'STRING', required: true, default: 'x' }], {})).toEqual([]);
    expect(checkValues(declare('STRING', false), {})).toEqual([]);
  });

  it('warns about values nobody declared, but not about built-ins', () => {
    expect(checkValues([], { extra: 1, recipient: { id: '1' }, currentDate: new Date() })).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'UNDECLARED_VALUE', variable: 'extra' }),
    ]);
  });

  it('reports values that are not an object instead of throwing', () => {
    expect(checkValues(declare('STRING'), null as never)).toEqual([expect.objectContaining({ severity: 'error' })]);
  });
});
