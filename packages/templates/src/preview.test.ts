import { describe, expect, it } from 'vitest';
import { preview } from './preview.js';
import { validateTemplate } from './validate-template.js';
import type { TemplateVariable } from './variables.js';

const variables: TemplateVariable[] = [
  { name: 'userName', type: 'STRING', required: true },
  { name: 'orderNo', type: 'STRING', required: true },
  { name: 'amount', type: 'NUMBER', required: false, default: 0 },
];
const options = { timeZone: 'UTC', now: 0 };

describe('validateTemplate', () => {
  it('counts a variable used in either source as used', () => {
    const result = validateTemplate({ title: '订单 {orderNo}', content: '{userName}', variables });
    expect(result).toEqual({ title: [], content: [], variables: [], hasErrors: false });
    const unused = validateTemplate({ title: '订单', content: '{userName}', variables });
    expect(unused.variables).toEqual([expect.objectContaining({ severity: 'warning', code: 'UNUSED_REQUIRED_VARIABLE', variable: 'orderNo', index: 1 })]);
    expect(unused.hasErrors).toBe(false);
  });

  it('checks the declarations themselves', () => {
    const result = validateTemplate({
      content: '{a}',
      variables: [
        { name: 'a', type: 'STRING', required: false },
        { name: 'a', type: 'STRING', required: false },
        { name: '1x', type: 'STRING', required: false },
        { name: 'b', type: 'TEXT' as never, required: false },
        { name: 'c', type: 'NUMBER', required: false, default: 'ten' },
        { name: 'constructor', type: 'STRING', required: false },
      ],
    });
    expect(result.variables.map((d) => [d.code, d.index])).toEqual([
      ['DUPLICATE_DECLARATION', 1],
      ['INVALID_DECLARATION', 2],
      ['INVALID_DECLARATION', 3],
      ['INVALID_DECLARATION', 4],
      ['INVALID_DECLARATION', 5],
    ]);
    expect(result.variables[2]!.message).toContain('use one of STRING, NUMBER');
    expect(result.hasErrors).toBe(true);
  });
});

describe('preview', () => {
  it('renders title and content with no diagnostics when all is well', () => {
    const result = preview({ title: '订单 {orderNo}', content: '{userName}，金额 {amount|number(2)}', variables, values: { userName: '张三', orderNo: 'A1' }, options });
    expect(result).toMatchObject({ title: '订单 A1', content: '张三，金额 0.00', hasErrors: false });
    expect(result.diagnostics).toMatchObject({ title: [], content: [], variables: [], values: [], hasErrors: false });
  });

  it('keeps rendering the part without errors while the other has a syntax error', () => {
    const result = preview({ title: '订单 {orderNo', content: '{userName}', variables, values: { userName: '张三' }, options });
    expect(result.title).toBeNull();
    expect(result.content).toBe('张三');
    expect(result.diagnostics.title).toEqual([expect.objectContaining({ code: 'SYNTAX', line: 1, column: 4 })]);
    expect(result.diagnostics.values).toEqual([expect.objectContaining({ code: 'MISSING_VALUE', variable: 'orderNo' })]);
    expect(result.hasErrors).toBe(true);
  });

  it('turns render errors into positioned diagnostics', () => {
    const result = preview({
      title: 'x',
      content: "{userName}{orderNo}\n{date(userName, 'yyyy')}",
      variables,
      values: { userName: 'not a date', orderNo: '1' },
      options,
    });
    expect(result.content).toBeNull();
    expect(result.diagnostics.content).toEqual([
      expect.objectContaining({ severity: 'error', code: 'RENDER_ERROR', line: 2, column: 2, message: expect.stringMatching(/^date: can't read "not a date"/) }),
    ]);
  });

  it('reports limits as diagnostics too', () => {
    const result = preview({
      content: '{for x in xs}{x}{/for}',
      variables: [{ name: 'xs', type: 'ARRAY', required: false }],
      values: { xs: Array.from({ length: 50 }, () => 'y') },
      options: { ...options, limits: { maxLoopIterations: 10 } },
    });
    expect(result.content).toBeNull();
    expect(result.diagnostics.content[0]!.message).toContain('more than 10 iterations');
  });

  it('never throws, whatever it is given', () => {
    const inputs = [{}, { title: 5, content: null }, { variables: 'nope', values: 7 }, { content: '{a}', variables: [null, 5, { name: 3 }, { name: 'a' }] }, { content: '{a}', options: { timeZone: 'Nowhere/Land' } }];
    for (const input of inputs) expect(() => preview(input as never)).not.toThrow();
    expect(preview({ content: 'x', options: { timeZone: 'Nowhere/Land' } }).diagnostics.content[0]!.message).toContain('Unknown time zone');
  });
});
