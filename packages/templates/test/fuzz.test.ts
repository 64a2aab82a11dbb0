/**
 * Property tests: whatever the source and values, the package either returns or throws its own
 * error types, stays within the render limits, and positions every diagnostic inside the source.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, preview, render, TemplateError, TemplateSyntaxError, TEMPLATE_FUNCTIONS, validate, type RenderOptions } from '../src/index.js';

const NAMES = ['a', 'b', 'list', 'obj', 'item', 'x', 'loop', 'currentDate', 'recipient', 'toString'];
const FUNCTIONS = TEMPLATE_FUNCTIONS.map((fn) => fn.name);
const arity = new Map(TEMPLATE_FUNCTIONS.map((fn) => [fn.name, [fn.minArgs, fn.maxArgs] as const]));
const SYNTAX_CODES = new Set(['SYNTAX', 'UNCLOSED_BLOCK', 'UNEXPECTED_TAG', 'NESTING_TOO_DEEP', 'FORBIDDEN_PROPERTY', 'UNKNOWN_FUNCTION', 'WRONG_ARITY']);
const LIMITS = { maxLoopIterations: 200, maxOutputLength: 2_000, maxDepth: 6 };

/** Source made of the characters that matter to the lexer and parser. */
const tokenSoup = fc
  .array(
    fc.constantFrom('{', '}', '{{', '}}', '{if ', '{else}', '{/if}', '{for x in ', '{/for}', '|', ':', '(', ')', '[', ']', "'", '"', '\\', '.', ',',
      '==', '!=', '<', '>=', '&&', '||', '!', ' ', '\n', '\r\n', '\t', 'a', 'list', 'obj.b', 'x.y', '1', '-2.5', '#', '/', '系统', '😀',
      'date', 'upper', 'truncate', 'url', '__proto__'),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** Syntactically plausible templates, so the renderer (not just the parser) gets exercised. */
const template = fc.letrec((tie) => ({
  path: fc.tuple(fc.oneof({ weight: 200, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom('constructor', '__proto__') }), fc.array(fc.constantFrom('.name', '.b', '[0]', '[-1]', '.length', '.index', '[a]'), { maxLength: 3 })).map(([n, rest]) => n + rest.join('')),
  literal: fc.oneof(fc.integer({ min: -5, max: 300 }).map(String), fc.constantFrom("'yyyy-MM-dd HH:mm'", "'MM月dd日'", "'-'", "''", 'true', 'null', '"x"')),
  expr: fc.oneof(
    { depthSize: 'small' },
    tie('path'),
    tie('literal'),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => {
      // The right number of arguments, so that rendering (not just checking) is exercised;
      // the token soup covers wrong ones.
      const [min, max] = arity.get(f)!;
      const list = args as string[];
      const count = Math.min(max, Math.max(min, list.length));
      return `${f}(${[...list, 'a', 'a', 'a'].slice(0, count).join(', ')})`;
    }),
    fc.tuple(tie('expr'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||'), tie('expr')).map(([l, op, r]) => `(${String(l)} ${op} ${String(r)})`),
    tie('expr').map((e) => `!${String(e)}`),
  ),
  output: fc
    .tuple(tie('expr'), fc.option(fc.constantFrom('默认', "'q|}'", '0'), { nil: undefined }), fc.array(fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('literal'), { maxLength: 2 })), { maxLength: 3 }))
    .map(([e, fallback, formats]) => {
      const pipes = formats.map(([f, args]) => {
        const [min, max] = arity.get(f)!;
        const list = (args as string[]).slice(0, max - 1);
        while (list.length < min - 1) list.push('1');
        return `|${f}${list.length ? `(${list.join(',')})` : ''}`;
      });
      return `{${String(e)}${fallback === undefined ? '' : `:${fallback}`}${pipes.join('')}}`;
    }),
  text: fc.constantFrom('', 'text ', '系统维护 ', '\n', '  \n', '{{', '}}', '<b>&"\'', '😀'),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('text'),
    tie('output'),
    fc.tuple(tie('expr'), tie('nodes'), fc.option(tie('nodes'), { nil: undefined })).map(([c, body, other]) => `{if ${String(c)}}\n${String(body)}${other === undefined ? '' : `{else}${other as string}`}\n{/if}\n`),
    fc.tuple(fc.constantFrom('item', 'x'), fc.oneof(fc.constantFrom('list', 'item.b', 'x.b', 'obj', 'a'), tie('path')), tie('nodes')).map(([v, list, body]) => `{for ${v} in ${String(list)}}\n${String(body)}{/for}`),
  ),
  nodes: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
  template: tie('nodes'),
})).template as fc.Arbitrary<string>;

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.date({ noInvalidDate: false }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.constantFrom('2024-03-15', '2024-03-15T02:00:00+08:00', 'not a date', '', '__proto__', '<x>'),
  fc.array(fc.constantFrom('<x>', 1, null), { maxLength: 3 }),
  fc.array(fc.record({ name: fc.string(), b: fc.jsonValue({ maxDepth: 1 }) }), { maxLength: 40 }),
);
const values = fc.record(
  {
    a: value,
    b: value,
    obj: value,
    list: fc.oneof(fc.array(fc.record({ name: fc.string(), b: fc.array(fc.integer(), { maxLength: 30 }) }), { maxLength: 40 }), value),
    currentDate: value,
    recipient: fc.record({ id: fc.string(), name: fc.string() }),
  },
  { requiredKeys: [] },
);
const options: fc.Arbitrary<RenderOptions> = fc.record({
  timeZone: fc.oneof({ weight: 30, arbitrary: fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe') }, { weight: 1, arbitrary: fc.constant('Bad/Zone') }),
  mode: fc.constantFrom('text' as const, 'html' as const),
  now: fc.integer({ min: -1e13, max: 1e13 }),
  limits: fc.constant(LIMITS),
});

/** Runs `action`, letting only the package's own errors through as a result. */
function outcome<T>(action: () => T): T | TemplateError {
  try {
    return action();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
}

function checkDiagnostics(source: string, diagnostics: ReturnType<typeof validate>): void {
  for (const d of diagnostics) {
    expect(d.offset).toBeGreaterThanOrEqual(0);
    expect(d.offset + d.length).toBeLessThanOrEqual(source.length);
    const before = source.slice(0, d.offset).split('\n');
    if (d.code !== 'UNUSED_REQUIRED_VARIABLE') {
      expect(d.line).toBe(before.length);
      expect(d.column).toBe(before[before.length - 1]!.length + 1);
    }
  }
}

describe('fuzz', () => {
  it('random token soup: compile agrees with validate and only throws TemplateSyntaxError', () => {
    fc.assert(
      fc.property(tokenSoup, (source) => {
        const compiled = outcome(() => compile(source));
        const diagnostics = validate(source, [{ name: 'a', type: 'STRING', required: true }]);
        checkDiagnostics(source, diagnostics);
        const syntaxErrors = diagnostics.filter((d) => d.severity === 'error' && SYNTAX_CODES.has(d.code));
        if (compiled instanceof TemplateError) {
          expect(compiled).toBeInstanceOf(TemplateSyntaxError);
          expect(syntaxErrors.length).toBeGreaterThan(0);
        } else expect(syntaxErrors).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('generated templates with random values render within the limits or fail with a TemplateError', () => {
    fc.assert(
      fc.property(template, values, options, (source, vals, opts) => {
        const compiled = outcome(() => compile(source));
        checkDiagnostics(source, validate(source));
        if (compiled instanceof TemplateError) {
          expect(compiled).toBeInstanceOf(TemplateSyntaxError);
          return;
        }
        const result = outcome(() => render(compiled, vals, opts));
        if (typeof result === 'string') expect(result.length).toBeLessThanOrEqual(LIMITS.maxOutputLength);
        // Template text never contains `<x>`, so in html mode it can only come from an unescaped value.
        if (typeof result === 'string' && opts.mode === 'html') expect(result).not.toContain('<x>');
      }),
      { numRuns: 3000 },
    );
  });

  it('nested loops stop exactly at the iteration limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 5_000 }), (depth, size, maxLoopIterations) => {
        const source = '{for a in xs}'.repeat(depth) + 'x' + '{/for}'.repeat(depth);
        const xs = Array.from({ length: size }, (_, i) => i);
        let total = 0;
        for (let k = 1; k <= depth; k++) total += size ** k;
        const result = outcome(() => render(compile(source), { xs }, { limits: { maxLoopIterations, maxOutputLength: 1e7 } }));
        if (total > maxLoopIterations) expect(result).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxLoopIterations' });
        else expect(result).toBe('x'.repeat(size ** depth));
      }),
      { numRuns: 500 },
    );
  });

  it('preview never throws', () => {
    fc.assert(
      fc.property(fc.oneof(template, tokenSoup), fc.oneof(template, tokenSoup), values, options, (title, content, vals, opts) => {
        const result = preview({ title, content, values: vals, options: opts, variables: [{ name: 'a', type: 'NUMBER', required: true }] });
        expect(result.hasErrors || (result.title !== null && result.content !== null)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
