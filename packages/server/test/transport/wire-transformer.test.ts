import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeForWire, wireTransformer } from '../../src/trpc/wire-transformer.js';

const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a.b', 'a\\b', '\\.', '', '0', 'json', 'meta', '__proto__', 'constructor', 'prototype'));
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date(),
  fc.constantFrom(Number.NaN, -0, Infinity, -Infinity),
  fc.bigInt(),
  fc.constant(new Map([['k', 1]])),
  fc.constant(new Set([1])),
);
const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), tie('array')),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
})).value;

/** What superjson does with a value: its JSON text, or the error it throws. */
const bySuperjson = (v: unknown) => {
  try {
    return JSON.stringify(superjson.serialize(v));
  } catch (err) {
    return `throws ${(err as Error).message}`;
  }
};
const byWire = (v: unknown) => {
  try {
    return JSON.stringify(serializeForWire(v));
  } catch (err) {
    return `throws ${(err as Error).message}`;
  }
};

/** The server's wire serializer must produce exactly superjson's bytes, for any value. */
describe('wire transformer', () => {
  it('matches superjson byte for byte on random values (dates, undefined, odd keys, special numbers, Map/Set/BigInt)', () => {
    fc.assert(
      fc.property(tree, (v) => {
        expect(byWire(v)).toBe(bySuperjson(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches superjson on shared references, null prototypes, class instances, sparse arrays and roots', () => {
    const d = new Date(0);
    const shared = { k: 1 };
    class Thing {
      x = 1;
    }
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { d: new Date(5), u: undefined });
    // eslint-disable-next-line no-sparse-arrays -- a hole is one of the cases under test
    const sparse = [1, , 3];
    const cases: unknown[] = [d, undefined, null, 'x', 1, [], {}, { a: d, b: d }, { p: shared, q: shared }, [shared, [shared]], nullProto, new Thing(), sparse, { f: () => 1 }, new Date(Number.NaN), Symbol('s')];
    cases.forEach((v, i) => expect(byWire(v), `case ${i}`).toBe(bySuperjson(v)));
  });

  it('matches superjson on an inbox page and round-trips through superjson on the client', () => {
    const item = (i: number) => ({
      messageId: `msg_${i}`,
      title: `设备 ${i} 离线告警`,
      createTime: new Date(1_700_000_000_000 + i),
      readTime: i % 2 ? new Date(1_700_000_100_000 + i) : null,
      expireTime: undefined,
      extras: { 'a.b': [1, 'x', { nested: new Date(7) }] },
    });
    const page = { items: Array.from({ length: 20 }, (_, i) => item(i)), total: 1585, page: 1, size: 20, nextCursor: 123 };
    expect(byWire(page)).toBe(bySuperjson(page));
    const revived = superjson.deserialize(JSON.parse(byWire(page)) as Parameters<typeof superjson.deserialize>[0]);
    expect(revived).toEqual(page);
    expect(wireTransformer.deserialize(serializeForWire(page) as Parameters<typeof superjson.deserialize>[0])).toEqual(page);
  });
});
