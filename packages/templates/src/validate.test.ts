import { describe, expect, it } from 'vitest';
import { validate } from './validate.js';
import type { TemplateVariable } from './variables.js';

const vars: TemplateVariable[] = [
  { name: 'userName', type: 'STRING', required: true },
  { name: 'items', type: 'ARRAY', required: false },
  { name: 'when', type: 'DATETIME', required: false },
];

/** The single diagnostic (other than unused-required warnings), plus the source text it covers. */
function only(source: string, variables = vars) {
  const diagnostics = validate(source, variables).filter((d) => d.code !== 'UNUSED_REQUIRED_VARIABLE');
  expect(diagnostics).toHaveLength(1);
  const [d] = diagnostics;
  return { ...d!, covers: source.slice(d!.offset, d!.offset + d!.length) };
}

describe('validate: syntax', () => {
  it('points an unclosed {if} at its tag', () => {
    const d = only('Hi {userName}\n\n  {if items}\nsome');
    expect(d).toMatchObject({ severity: 'error', code: 'UNCLOSED_BLOCK', line: 3, column: 3, covers: '{if items}' });
    expect(d.message).toContain('add `{/if}`');
  });

  it('points a stray {/for} at itself', () => {
    expect(only('{userName}\nx {/for}')).toMatchObject({ code: 'UNEXPECTED_TAG', line: 2, column: 3, covers: '{/for}' });
  });

  it('reports a block closed by the wrong tag at the block left open', () => {
    const diagnostics = validate('{if userName}\n{for x in items}\n{/if}', vars);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'UNCLOSED_BLOCK', line: 2, column: 1, length: '{for x in items}'.length })]);
  });

  it('points a bad expression at the offending token', () => {
    expect(only('line one\n{if userName = 1}x{/if}')).toMatchObject({ code: 'SYNTAX', line: 2, column: 14, length: 1 });
    expect(only('{if userName ==}x{/if}').message).toContain('Expected a value after `==`');
    expect(only('{userName userName}')).toMatchObject({ line: 1, column: 11, covers: 'userName' });
    expect(only("{date(when, 'yyyy)}")).toMatchObject({ code: 'SYNTAX', column: 13, covers: "'" });
  });

  it('points an unclosed brace at the brace and suggests {{', () => {
    const d = only('a\nb {userName\nc');
    expect(d).toMatchObject({ code: 'SYNTAX', line: 2, column: 3, covers: '{' });
    expect(d.message).toContain('{{');
  });

  it('reports {else} outside a block and a second {else}', () => {
    expect(only('{else}')).toMatchObject({ code: 'UNEXPECTED_TAG', column: 1 });
    expect(only('{if userName}a{else}b{else}c{/if}')).toMatchObject({ code: 'UNEXPECTED_TAG', column: 22, covers: '{else}' });
  });

  it('reports several problems in one pass, in source order', () => {
    const diagnostics = validate('{/if}\n{upper(userName, 1)}\n{nope}\n{if x', vars);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['UNEXPECTED_TAG', 1],
      ['WRONG_ARITY', 2],
      ['UNDECLARED_VARIABLE', 3],
      ['SYNTAX', 4],
    ]);
  });
});

describe('validate: names', () => {
  it('reports an undeclared variable at its name, with a suggestion', () => {
    const d = only('尊敬的{user.name}，\n{usrName}', [...vars, { name: 'user', type: 'OBJECT', required: false }]);
    expect(d).toMatchObject({ code: 'UNDECLARED_VARIABLE', variable: 'usrName', line: 2, column: 2, covers: 'usrName' });
    expect(d.message).toContain('Did you mean `userName`?');
  });

  it('counts column in UTF-16 units after CJK text', () => {
    expect(only('系统维护通知 - {missing}')).toMatchObject({ line: 1, column: 11, covers: 'missing' });
  });

  it('knows built-ins, loop variables and `loop` inside loops only', () => {
    expect(validate('{currentDate|date} {recipient.name}{for it in items}{it.a}{loop.index}{/for}{userName}', vars)).toEqual([]);
    expect(only('{userName}{for it in items}{/for}{it}')).toMatchObject({ code: 'UNDECLARED_VARIABLE', variable: 'it' });
  });

  it('warns about a required variable that is never used', () => {
    expect(validate('hello', vars)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'UNUSED_REQUIRED_VARIABLE', variable: 'userName', line: 1, column: 1, length: 0 }),
    ]);
  });

  it('reports unknown formats and functions at their names', () => {
    expect(only('{userName|uper}')).toMatchObject({ code: 'UNKNOWN_FUNCTION', column: 11, covers: 'uper' });
    expect(only('{userName|uper}').message).toContain('Did you mean `upper`?');
    expect(only('{userName}\n{format(when)}')).toMatchObject({ code: 'UNKNOWN_FUNCTION', line: 2, column: 2, covers: 'format' });
  });

  it('reports wrong arity, counting the piped value', () => {
    const piped = only('{userName|truncate}');
    expect(piped).toMatchObject({ code: 'WRONG_ARITY', column: 11, covers: 'truncate' });
    expect(piped.message).toBe('`truncate` takes 1 to 2 arguments after the piped value, got 0: truncate(text, length, suffix = "…")');
    expect(only('{userName}{substring(userName)}').message).toContain('takes 2 to 3 arguments, got 1');
  });

  it('forbids prototype property names', () => {
    expect(only('{userName}{items.constructor}')).toMatchObject({ code: 'FORBIDDEN_PROPERTY', covers: 'constructor' });
    expect(only("{userName}{items['__proto__']}")).toMatchObject({ code: 'FORBIDDEN_PROPERTY', covers: "'__proto__'" });
  });

  it('warns when a use does not fit the declared type', () => {
    expect(only('{for c in userName}{c}{/for}')).toMatchObject({ severity: 'warning', code: 'TYPE_MISMATCH', covers: 'userName' });
    expect(only('{userName.first}')).toMatchObject({ severity: 'warning', code: 'TYPE_MISMATCH', covers: 'userName.first' });
    expect(validate('{userName.length}', vars)).toEqual([]);
  });
});
