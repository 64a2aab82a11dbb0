import { timeOfSeq } from './event-ids.js';

/** How long an observed late arrival keeps widening the resume overlap. */
const REMEMBER_MS = 10 * 60_000;
/** Added to an observed delay: the next late message may be a little later than the last one. */
const MARGIN_MS = 250;

/**
 * How far behind the newest stream position a message can still arrive on this instance.
 *
 * Stream positions (seqs) are assigned before a message is stored and published, so a message
 * can reach the hub after one with a higher seq: a slower commit, or another instance whose
 * clock runs behind. A client resuming after the higher seq would then miss it unless the
 * replay reaches back that far. This measures what actually arrives late — the distance, in
 * stream time, between the highest seq seen and each smaller seq that arrives after it — and
 * keeps the largest distance seen in the last ten minutes. With one instance publishing in order
 * it stays 0, so a resume replays nothing at or before the cursor.
 */
export class LateArrivals {
  private highest = '';
  private lateMs = 0;
  private lateSeenAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Records that the message with stream position `seq` arrived now. */
  observe(seq: string): void {
    if (seq >= this.highest) {
      this.highest = seq;
      return;
    }
    const distance = timeOfSeq(this.highest) - timeOfSeq(seq);
    const now = this.now();
    if (distance >= this.lateMs || now - this.lateSeenAt > REMEMBER_MS) {
      this.lateMs = distance;
      this.lateSeenAt = now;
    }
  }

  /** How far before a resume cursor the replay must start (0 when nothing arrived out of order lately). */
  overlapMs(): number {
    if (this.lateSeenAt === 0 || this.now() - this.lateSeenAt > REMEMBER_MS) return 0;
    return this.lateMs + MARGIN_MS;
  }
}
