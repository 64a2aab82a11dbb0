import { describe, expect, it } from 'vitest';
import { expectLinear, run } from '../../test/support/linear-time.js';
import { cursorOfEventId } from './event-ids.js';

describe('event ids', () => {
  it('reads event ids used as resume cursors in linear time (100 kB adversarial inputs)', () => {
    const ids = [run('0') + '!', run('0.'), run('.') + '0'];
    expectLinear('cursorOfEventId', ids, (id) => expect(cursorOfEventId(id)).toBeNull());
  });
});
