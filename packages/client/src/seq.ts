const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Milliseconds since the epoch encoded in a stream position (a ULID) or an event id built on one. */
export function timeOfSeq(seq: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) {
    const digit = CROCKFORD.indexOf(seq.charAt(i));
    if (digit < 0) return Number.NaN;
    t = t * 32 + digit;
  }
  return t;
}
