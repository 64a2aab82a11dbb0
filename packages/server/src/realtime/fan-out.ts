import type { ConnectionWork } from './live-connection.js';

/** What a fan-out hands work to (a `LiveConnection`). */
export interface FanOutTarget {
  readonly orgId: string;
  enqueue(work: ConnectionWork): void;
}

/** Connections handed their work per turn of the event loop while a large fan-out runs. */
export const FAN_OUT_SLICE = 256;

interface Task {
  targets: readonly FanOutTarget[];
  next: number;
  work: ConnectionWork;
  /** Only connections of this org (null: all targets). */
  orgId: string | null;
}

/**
 * Hands work to many connections in order, at most `slice` connections per turn of the event
 * loop. Waking every stream of a 10,000-recipient broadcast at once runs their steps breadth
 * first in one long microtask drain: no socket is written until every stream has done its
 * earlier steps, so the first recipient waits about as long as the last, and the event loop
 * (socket reads, other requests) stalls for the whole fan-out. In slices, the first recipients'
 * frames are on the wire while later ones are still queued, and I/O runs between slices.
 *
 * Order per connection is kept: while a fan-out is in progress, later deliveries queue behind it
 * (they may target the same connections). Small deliveries with nothing queued run at once.
 */
export class FanOut {
  private readonly tasks: Task[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly slice = FAN_OUT_SLICE) {}

  /** Hands `work` (one object, shared by every target) to `targets`, or to those of `orgId`. */
  deliver(targets: readonly FanOutTarget[], work: ConnectionWork, orgId: string | null = null): void {
    if (!targets.length) return;
    const task: Task = { targets, next: 0, work, orgId };
    if (this.tasks.length) {
      this.tasks.push(task);
      return;
    }
    // Nothing queued: the first slice goes now, the rest on later turns.
    this.run(task, this.slice);
    if (task.next < targets.length) {
      this.tasks.push(task);
      this.schedule();
    }
  }

  /** Drops what is still queued (shutdown). */
  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.tasks.length = 0;
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(this.drain);
  }

  private readonly drain = (): void => {
    this.scheduled = null;
    let budget = this.slice;
    while (budget > 0 && this.tasks.length) {
      const task = this.tasks[0]!;
      budget -= this.run(task, budget);
      if (task.next >= task.targets.length) this.tasks.shift();
    }
    if (this.tasks.length) this.schedule();
  };

  /** Hands the task's work to up to `budget` more targets; returns how many it went through. */
  private run(task: Task, budget: number): number {
    const { targets, work, orgId } = task;
    const end = Math.min(targets.length, task.next + budget);
    const start = task.next;
    for (let i = start; i < end; i++) {
      const target = targets[i]!;
      if (orgId === null || target.orgId === orgId) target.enqueue(work);
    }
    task.next = end;
    return end - start;
  }
}
