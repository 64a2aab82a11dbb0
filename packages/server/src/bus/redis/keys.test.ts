import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redisKeys } from './keys.js';

describe('redis keys', () => {
  const keys = redisKeys('mc:');

  it('never collide for different org and user ids (property)', () => {
    const id = fc.string({ unit: fc.constantFrom('a', 'b', ':', '%', '{', '}', 'u', 's'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.tuple(id, id), fc.tuple(id, id), (x, y) => {
        fc.pre(x[0] !== y[0] || x[1] !== y[1]);
        expect(keys.userSessions(...x)).not.toBe(keys.userSessions(...y));
        if (x[0] !== y[0]) expect(keys.orgSessions(x[0])).not.toBe(keys.orgSessions(y[0]));
      }),
      { numRuns: 2_000 },
    );
  });

  it('keep the keys of ids without ":" or "%" unchanged, and the org hash tag for Cluster slots', () => {
    expect(keys.userSessions('acme', 'alice')).toBe('mc:presence:{org:acme}:user:alice');
    expect(keys.userSessions('a:b', 'c')).toBe('mc:presence:{org:a%3Ab}:user:c');
    expect(keys.userSessions('a', 'b:c')).toBe('mc:presence:{org:a}:user:b%3Ac');
  });
});
