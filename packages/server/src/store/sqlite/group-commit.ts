/**
 * Group commit. Each SQLite commit writes the changed pages to the WAL once, and most of a small
 * write's cost is that commit, not its statements. Writes queued during one turn of the event
 * loop (e.g. the sends of every request that arrived together) run in one transaction after that
 * turn's I/O; each caller's promise settles only after the commit, so nothing is acknowledged
 * before it is durable.
 */

interface QueuedWrite {
  write: () => unknown;
  /** Runs after every write of the group, with this write's result (only if it succeeded). */
  last: ((value: unknown) => void) | undefined;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** How the queue reaches the database; implemented by the connection. */
export interface GroupCommitTarget {
  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE … COMMIT), rolled back if it throws. */
  writeTransaction<T>(fn: () => T): T;
  /** Runs `fn` in a savepoint inside the open transaction, rolled back alone if it throws. */
  savepoint<T>(fn: () => T): T;
}

/** Writes waiting for the next group commit. */
export class GroupCommitQueue {
  private queue: QueuedWrite[] = [];
  private isScheduled = false;

  constructor(private readonly target: GroupCommitTarget) {}

  /**
   * Queues `write` (synchronous statements) for the next group commit; resolves with its result
   * once committed. A write that throws is rolled back alone and rejects alone; a failed commit
   * rejects every write of the group.
   *
   * `last` (optional) runs in the same transaction after every write of the group has run, with
   * this write's result, and without a savepoint of its own: it is for FTS5 inserts. FTS5 keeps
   * the terms of a transaction in memory and writes them out as one segment at commit, but every
   * savepoint opened after them (a group member's own, or the statement journal of a later
   * INSERT with a trigger or `OR IGNORE`) makes it write out what it holds as a separate small
   * segment, which later merges then rewrite: interleaved, the index cost about 5× as much per
   * message as when its rows go in last. If a `last` step throws, the whole group is rolled back
   * and every write of it rejects.
   */
  enqueue<T>(write: () => T, last?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, last: last as ((value: unknown) => void) | undefined, resolve: resolve as (value: unknown) => void, reject });
      if (!this.isScheduled) {
        this.isScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also called before the connection closes). */
  flush(): void {
    this.isScheduled = false;
    const group = this.queue;
    if (group.length === 0) return;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      this.target.writeTransaction(() => {
        // One write alone needs no savepoint: its failure rolls back the transaction, nothing else.
        if (group.length === 1) {
          outcomes.push({ ok: true, value: group[0]!.write() });
        } else {
          for (const { write } of group) {
            try {
              outcomes.push({ ok: true, value: this.target.savepoint(write) });
            } catch (err) {
              outcomes.push({ ok: false, err });
            }
          }
        }
        group.forEach(({ last }, i) => {
          const outcome = outcomes[i]!;
          if (last && outcome.ok) last(outcome.value);
        });
      });
    } catch (err) {
      for (const queued of group) queued.reject(err);
      return;
    }
    group.forEach((queued, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.err);
    });
  }
}
