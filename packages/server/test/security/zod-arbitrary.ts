import fc from 'fast-check';

/**
 * fast-check arbitraries generated from zod 4 schemas by reading their definitions
 * (`schema._zod.def`). `zod-fast-check` supports zod 3 and fast-check 3 only, so this small
 * generator stands in for it. Values are biased towards the schema's shape (so calls get past
 * validation and exercise the handlers) with a share of hostile values mixed in at every level
 * (wrong types, boundary lengths, poisonous keys, control characters), so refusals are exercised too.
 */

interface ZodLike {
  _zod: { def: Def };
  minLength?: number | null;
  maxLength?: number | null;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}
interface Def {
  type: string;
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  options?: ZodLike[];
  innerType?: ZodLike;
  in?: ZodLike;
  out?: ZodLike;
  valueType?: ZodLike;
  entries?: Record<string, string | number>;
  values?: unknown[];
  items?: ZodLike[];
}

const MAX_DEPTH = 6;

/** Strings an attacker tries first: empty, huge, control characters, scripts, CJK, traversal. */
const hostileString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '维护通知',
  'a:b',
  '%3A',
  '{{ x }}',
  '{for i in l}{/for}',
  '\uD800',
  'x'.repeat(70_000),
);

/** Any JSON value, including poisonous keys and moderately deep nesting. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), tie('object'), fc.array(tie('value'), { maxLength: 3 })),
  object: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 3 }),
})).value;

/** An arbitrary of inputs for `schema`: mostly well-formed, sometimes hostile. */
export function arbitraryOf(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedArbitrary(schema as ZodLike, depth);
  // Rarer below the top: an object with many fields should still often be valid as a whole.
  const shapedWeight = depth === 0 ? 8 : 40;
  return fc.oneof({ arbitrary: shaped, weight: shapedWeight }, { arbitrary: hostileJson, weight: 1 }, { arbitrary: hostileString, weight: 1 });
}

function shapedArbitrary(schema: ZodLike, depth: number): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  if (depth > MAX_DEPTH) return fc.constant(undefined);
  const inner = (s: ZodLike | undefined): fc.Arbitrary<unknown> => (s ? arbitraryOf(s, depth + 1) : hostileJson);
  switch (def.type) {
    case 'string': {
      const max = Math.min(schema.maxLength ?? 64, 300);
      const min = Math.min(schema.minLength ?? 0, max);
      return fc.oneof(fc.string({ minLength: min, maxLength: max }), fc.string({ minLength: max, maxLength: max + 2 }), fc.stringMatching(/^[\w-]{1,12}$/));
    }
    case 'number': {
      const min = Math.max(schema.minValue ?? -1e6, -1e9);
      const max = Math.min(schema.maxValue ?? 1e6, 1e9);
      return fc.oneof(
        fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
        fc.constantFrom(min - 1, max + 1, 0, -1, 1.5, Number.MAX_SAFE_INTEGER),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries ?? { x: 'x' })), fc.string({ maxLength: 8 }));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'object': {
      const entries = Object.entries(def.shape ?? {});
      const record = Object.fromEntries(entries.map(([key, s]) => [key, inner(s)]));
      return fc.record(record, { requiredKeys: entries.filter(([, s]) => !isOptional(s)).map(([k]) => k) });
    }
    case 'array':
      return fc.array(inner(def.element), { maxLength: 4 });
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map(inner));
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType), { nil: undefined });
    case 'nullable':
      return fc.option(inner(def.innerType), { nil: null });
    case 'readonly':
    case 'catch':
      return inner(def.innerType);
    case 'pipe':
      // A pipe from `unknown` (free-form JSON) is shaped by its output; otherwise by its input.
      return def.in && def.in._zod.def.type !== 'unknown' ? inner(def.in) : inner(def.out);
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 10 }), inner(def.valueType), { maxKeys: 4 });
    default:
      return hostileJson;
  }
}

function isOptional(s: ZodLike): boolean {
  const type = s._zod.def.type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}
