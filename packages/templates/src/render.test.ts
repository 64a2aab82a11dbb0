import { describe, expect, it } from 'vitest';
import { compile } from './compile.js';
import { MissingValueError, TemplateRenderError, TemplateSyntaxError } from './errors.js';
import { render, type RenderOptions } from './render.js';
import type { TemplateVariable } from './variables.js';

const run = (source: string, values: Record<string, unknown> = {}, options: RenderOptions = {}) =>
  render(compile(source), values, { timeZone: 'UTC', now: 0, ...options });

describe('output tags', () => {
  it('prints variables, dotted paths and indexes', () => {
    expect(run('{a} {b.c.d} {list[1]} {list.0} {list[-1]} {o[k]}', { a: 'x', b: { c: { d: 5 } }, list: [1, 2, 3], o: { y: 'why' }, k: 'y' })).toBe('x 5 2 1 3 why');
  });

  it('prints missing values, null and functions as nothing', () => {
    expect(run('[{a}][{b}][{c.d}][{f}]', { b: null, f: () => 'called' })).toBe('[][][][]');
  });

  it('prints numbers, booleans, lists and objects readably', () => {
    expect(run('{n} {t} {l} {o}', { n: 1.5, t: true, l: ['a', 2], o: { x: 1 } })).toBe('1.5 true a, 2 {"x":1}');
  });

  it('prints a Date in the render time zone', () => {
    expect(run('{d}', { d: new Date('2024-03-15T18:00:00Z') }, { timeZone: 'Asia/Shanghai' })).toBe('2024-03-16 02:00:00');
  });

  it('uses the :fallback only when the value is missing, skipping formats', () => {
    expect(run('{name:用户}|{name:用户|upper}|{n:0}', { name: '' })).toBe('用户|用户|0');
    expect(run('{name:用户|upper}', { name: 'ann' })).toBe('ANN');
    expect(run("{name:'a|b}c'}")).toBe('a|b}c');
    expect(run("{name:it's fine}")).toBe("it's fine");
  });

  it('chains formats left to right', () => {
    expect(run("{s|trim|upper|truncate(3)}", { s: '  hello ' })).toBe('HEL…');
    expect(run("{s|default('none')|upper}")).toBe('NONE');
  });

  it('writes literal braces as {{ and }}', () => {
    expect(run('{{name}} = {name}; json: {{"a": 1}}; lone } stays', { name: 'x' })).toBe('{name} = x; json: {"a": 1}; lone } stays');
  });

  it('ignores {# comments}', () => {
    expect(run('a{# a note for editors }b')).toBe('ab');
  });
});

describe('conditions', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['{if a}y{else}n{/if}', { a: 'x' }, 'y'],
    ['{if a}y{else}n{/if}', { a: [] }, 'n'],
    ['{if a}y{else}n{/if}', { a: {} }, 'n'],
    ['{if a}y{else}n{/if}', { a: 0 }, 'n'],
    ['{if !a}y{/if}', {}, 'y'],
    ["{if level == 'HIGH'}y{/if}", { level: 'HIGH' }, 'y'],
    ['{if n == 5}y{/if}', { n: '5' }, 'y'],
    ['{if n > 5 && n <= 10}y{else}n{/if}', { n: 10 }, 'y'],
    ['{if n > 5 && n <= 10}y{else}n{/if}', { n: 11 }, 'n'],
    ['{if (a || b) && !c}y{else}n{/if}', { b: 1, c: false }, 'y'],
    ['{if a != null}y{else}n{/if}', {}, 'n'],
    ["{if a < 'b'}y{else}n{/if}", { a: 'a' }, 'y'],
    ["{if a > 1}y{else}n{/if}", { a: 'abc' }, 'n'],
    ['{if n >= -1.5}y{/if}', { n: -1.5 }, 'y'],
    ['{if a}1{else if b}2{else if c}3{else}4{/if}', { c: true }, '3'],
  ];
  it.each(cases)('%s with %j → %s', (source, values, expected) => {
    expect(run(source, values)).toBe(expected);
  });

  it('|| and && return the deciding value', () => {
    expect(run("{nick || name || '匿名'}", { name: '李四' })).toBe('李四');
    expect(run("{a && b}", { a: 1, b: 'B' })).toBe('B');
  });
});

describe('loops', () => {
  it('iterates with item fields, nesting and loop info', () => {
    const source = '{for g in groups}{loop.index}.{g.name}[{for m in g.members}{m}{if !loop.last},{/if}{/for}] {/for}';
    expect(run(source, { groups: [{ name: 'a', members: ['x', 'y'] }, { name: 'b', members: [] }] })).toBe('1.a[x,y] 2.b[] ');
  });

  it('renders {else} for an empty or missing list', () => {
    expect(run('{for x in xs}{x}{else}无{/for}', { xs: [] })).toBe('无');
    expect(run('{for x in xs}{x}{else}无{/for}')).toBe('无');
  });

  it('lets the loop variable shadow a value and restores it after', () => {
    expect(run('{x}{for x in xs}{x}{/for}{x}', { x: 'o', xs: [1, 2] })).toBe('o12o');
  });

  it('refuses to iterate something that is not a list', () => {
    expect(() => run('line\n {for x in name}{x}{/for}', { name: 'abc' })).toThrow(/`\{for\}` needs a list, but this is the text "abc" \(line 2, column 12\)/);
  });
});

describe('whitespace: standalone block tags', () => {
  it('removes lines holding only a block tag, indentation and line break included', () => {
    const source = 'start\n  {if a}\n  inside\n  {else}\n  other\n  {/if}\nend';
    expect(run(source, { a: true })).toBe('start\n  inside\nend');
    expect(run(source, { a: false })).toBe('start\n  other\nend');
  });

  it('keeps whitespace around tags that share a line with text or other tags', () => {
    expect(run('a {if x}b{/if} c\n', { x: 1 })).toBe('a b c\n');
    expect(run('{if x}{if x}\nb\n{/if}{/if}\n', { x: 1 })).toBe('\nb\n\n');
  });

  it('handles a block tag on the first and last lines', () => {
    expect(run('{for x in xs}\n{x}\n{/for}', { xs: [1, 2] })).toBe('1\n2\n');
    expect(run('{if x}\nyes\n  {/if}  ', { x: 1 })).toBe('yes\n');
  });

  it('never removes the line of an output tag', () => {
    expect(run('a\n{x}\nb', {})).toBe('a\n\nb');
  });

  it('removes a comment on its own line', () => {
    expect(run('a\n  {# note }\nb')).toBe('a\nb');
  });
});

describe('built-ins and declarations', () => {
  const variables: TemplateVariable[] = [
    { name: 'name', type: 'STRING', required: true },
    { name: 'team', type: 'STRING', required: false, default: '运维组' },
    { name: 'count', type: 'NUMBER', required: true, default: 1 },
  ];

  it('currentDate is options.now unless the values supply it', () => {
    expect(run("{currentDate|date('yyyy-MM-dd HH:mm')}", {}, { now: Date.UTC(2024, 0, 2, 3, 4) })).toBe('2024-01-02 03:04');
    expect(run("{currentDate|date('yyyy')}", { currentDate: '1999-05-05' })).toBe('1999');
  });

  it('recipient is a plain built-in value', () => {
    expect(run('{recipient.name}({recipient.id})', { recipient: { id: '1001', name: '王五' } })).toBe('王五(1001)');
  });

  it('fills declared defaults and refuses a missing required value', () => {
    const compiled = compile('{name}/{team}/{count}', { variables });
    expect(render(compiled, { name: 'a' })).toBe('a/运维组/1');
    expect(render(compiled, { name: 'a', team: 'x', count: 0 })).toBe('a/x/0');
    const error = (() => {
      try {
        render(compiled, { name: '' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MissingValueError);
    expect(error).toMatchObject({ variable: 'name', code: 'MISSING_VALUE' });
    expect(render(compiled, {}, { missingRequired: 'empty' })).toBe('/运维组/1');
  });
});

describe('html mode', () => {
  it('escapes every printed value but not the template text', () => {
    const values = { name: '<script>alert("x")</script>', q: { a: "b&c'" } };
    expect(run('<b>{name}</b> <a href="{url(\'/s\', q)}">{name:x}</a>', values, { mode: 'html' })).toBe(
      '<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b> <a href="/s?a=b%26c&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a>',
    );
    expect(run('{name}', values)).toBe(values.name);
  });
});

describe('errors', () => {
  it('compile throws a syntax error listing every problem', () => {
    try {
      compile('{if a}\n{b|nope}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateSyntaxError);
      const syntax = error as TemplateSyntaxError;
      expect(syntax.diagnostics.map((d) => d.line)).toEqual([1, 2]);
      expect(syntax).toMatchObject({ line: 1, column: 1, code: 'SYNTAX_ERROR' });
      expect(syntax.message).toMatch(/never closed.*\(and 1 more\) \(line 1, column 1\)$/);
    }
  });

  it('render errors point at the failing call', () => {
    expect(() => run("x\n  {date(d, 'yyyy')}", { d: 'tomorrow' })).toThrow(TemplateRenderError);
    expect(() => run("x\n  {date(d, 'yyyy')}", { d: 'tomorrow' })).toThrow(/can't read "tomorrow" as a date.*\(line 2, column 4\)$/);
    expect(() => run('{s|truncate(n)}', { s: 'abc', n: 'x' })).toThrow(/truncate: the length must be a whole number/);
  });

  it('rejects bad options and foreign templates', () => {
    expect(() => run('{a}', {}, { timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone "Mars\/Olympus"/);
    expect(() => run('{a}', {}, { now: Number.NaN })).toThrow(TemplateRenderError);
    expect(() => render({ ...compile('x') }, {})).toThrow(/pass the result of compile/);
  });

  it('reports values it cannot print as a render error', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => run('{c}', { c: cyclic })).toThrow(TemplateRenderError);
    expect(() => run('{c|json}', { c: cyclic })).toThrow(/Can't write this value as JSON/);
  });
});
