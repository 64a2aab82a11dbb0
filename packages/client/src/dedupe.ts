/**
 * A set that remembers the most recent `capacity` keys (insertion order); older keys are forgotten.
 */
export class RecentSet {
  private readonly keys = new Map<string, number>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Adds `key` with an associated number (e.g. a timestamp). Returns false if it was already there. */
  add(key: string, value = 0): boolean {
    if (this.keys.has(key)) return false;
    this.keys.set(key, value);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }

  /** Forgets every key (a new user's stream starts from scratch). */
  clear(): void {
    this.keys.clear();
  }

  /** Keys whose value is at least `min`. */
  keysFrom(min: number): string[] {
    const out: string[] = [];
    for (const [k, v] of this.keys) if (v >= min) out.push(k);
    return out;
  }
}
