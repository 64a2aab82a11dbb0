import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceOfUser, inboxUserKey, userIdOfInboxKey } from './audience.js';
import { compositeKey, unescapeKeyPart } from './composite-key.js';

describe('composite keys', () => {
  it('never collide for different part lists (property)', () => {
    const id = fc.string({ unit: fc.constantFrom('a', 'b', ':', '%', '3', 'A', '2', '5'), maxLength: 6 });
    fc.assert(
      fc.property(fc.tuple(id, id), fc.tuple(id, id), (x, y) => {
        fc.pre(x[0] !== y[0] || x[1] !== y[1]);
        expect(compositeKey(...x)).not.toBe(compositeKey(...y));
        expect(inboxUserKey(...x)).not.toBe(inboxUserKey(...y));
        expect(audienceOfUser(...x)).not.toBe(audienceOfUser(...y));
        expect(userIdOfInboxKey(x[0], inboxUserKey(...x))).toBe(x[1]);
        expect(unescapeKeyPart(compositeKey(x[0]))).toBe(x[0]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keep the keys of ids without ":" or "%" as they were, so stored data stays valid', () => {
    expect(inboxUserKey('acme', 'alice')).toBe('acme:alice');
    expect(audienceOfUser('acme', 'alice')).toBe('u:acme:alice');
    expect(inboxUserKey('a:b', 'c')).not.toBe(inboxUserKey('a', 'b:c'));
  });
});
