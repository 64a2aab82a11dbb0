/** Rejects a non-positive or non-finite TTL, which would make a session or lock meaningless. */
export function assertPositiveTtl(what: string, ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} ttlMs must be a positive number, got ${ttlMs}`);
  }
}
