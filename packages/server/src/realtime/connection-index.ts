const EMPTY: readonly never[] = [];

/**
 * Connections by key (user, audience). Most keys hold one connection (a user's own key, one tab),
 * so a key maps to the connection itself until a second one arrives: a `Set` per key would cost
 * a hash table per connection at tens of thousands of subscribers.
 */
export class ConnectionIndex<C extends object> {
  private readonly byKey = new Map<string, C | Set<C>>();

  add(key: string, conn: C): void {
    const held = this.byKey.get(key);
    if (held === undefined) this.byKey.set(key, conn);
    else if (held instanceof Set) held.add(conn);
    else if (held !== conn) this.byKey.set(key, new Set([held, conn]));
  }

  delete(key: string, conn: C): void {
    const held = this.byKey.get(key);
    if (held === conn) this.byKey.delete(key);
    else if (held instanceof Set) {
      held.delete(conn);
      if (held.size === 1) this.byKey.set(key, held.values().next().value!);
    }
  }

  has(key: string, conn: C): boolean {
    const held = this.byKey.get(key);
    return held === conn || (held instanceof Set && held.has(conn));
  }

  /** The connections under `key` (a fresh array when several, so callers may detach while iterating). */
  get(key: string): readonly C[] {
    const held = this.byKey.get(key);
    if (held === undefined) return EMPTY;
    return held instanceof Set ? [...held] : [held];
  }

  /** Calls `fn` for each connection under `key`, without allocating. */
  forEach(key: string, fn: (conn: C) => void): void {
    const held = this.byKey.get(key);
    if (held === undefined) return;
    if (held instanceof Set) for (const conn of held) fn(conn);
    else fn(held);
  }
}
