/**
 * Calls `onDue(item)` once each item's time has come, from one timer for all of them. A
 * `setTimeout` per live connection (its token's expiry) costs a `Timeout`, its closure and their
 * context, some 250 bytes, for every one of tens of thousands of connections; here an item is
 * one entry in the set of its slot.
 *
 * Times are rounded up to `slotMs` (items due in the same slot share one entry in the timer's
 * min-heap), so an item is due at most `slotMs` late, never early.
 */
export class ExpirySchedule<T> {
  /**
   * Items by slot (the due time divided by `slotMs`, rounded up). A slot stays, even emptied by
   * `delete`, until it is due, so each slot enters the heap once: the slots are bounded by the
   * longest token lifetime over `slotMs`, the items by the live connections.
   */
  private readonly bySlot = new Map<number, Set<T>>();
  /** Every slot of `bySlot`, as a binary min-heap. */
  private readonly heap: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerSlot = Infinity;

  constructor(
    private readonly onDue: (item: T) => void,
    private readonly slotMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many items wait. */
  get size(): number {
    let n = 0;
    for (const items of this.bySlot.values()) n += items.size;
    return n;
  }

  /** Schedules `item` for `atMs` (epoch ms); it is called at once (on the next timer turn) if that has passed. */
  add(item: T, atMs: number): void {
    const slot = Math.ceil(atMs / this.slotMs);
    let items = this.bySlot.get(slot);
    if (!items) {
      this.bySlot.set(slot, (items = new Set()));
      this.push(slot);
    }
    items.add(item);
    if (slot < this.timerSlot) this.arm();
  }

  /** Unschedules `item` (added for `atMs`); nothing happens if it is not scheduled. */
  delete(item: T, atMs: number): void {
    const slot = Math.ceil(atMs / this.slotMs);
    this.bySlot.get(slot)?.delete(item);
  }

  /** Stops the timer and forgets every item. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerSlot = Infinity;
    this.bySlot.clear();
    this.heap.length = 0;
  }

  /** Points the timer at the earliest slot. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerSlot = Infinity;
    const first = this.heap[0];
    if (first === undefined) return;
    this.timerSlot = first;
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.min(first * this.slotMs - this.now(), 2 ** 31 - 1)));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.timerSlot = Infinity;
    const nowSlot = Math.floor(this.now() / this.slotMs);
    for (let first = this.heap[0]; first !== undefined && first <= nowSlot; first = this.heap[0]) {
      this.pop();
      const items = this.bySlot.get(first);
      this.bySlot.delete(first);
      if (items) for (const item of items) this.callDue(item);
    }
    this.arm();
  }

  private callDue(item: T): void {
    try {
      this.onDue(item);
    } catch (error) {
      // One failing callback must not strand the rest of its slot.
      process.nextTick(() => {
        throw error;
      });
    }
  }

  private push(slot: number): void {
    const heap = this.heap;
    let i = heap.push(slot) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= slot) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
      if (heap[child]! >= last) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
