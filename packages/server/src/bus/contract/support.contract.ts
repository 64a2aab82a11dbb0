import { randomUUID } from 'node:crypto';
import type { Bus } from '../../ports/bus.js';

/** What each section of the bus contract suite gets from `describeBusContract`. */
export interface BusContractContext {
  /** A new, unstarted bus on this test's backend; closed after the test. */
  readonly createBus: () => Bus;
  /** A new, started bus on this test's backend; closed after the test. */
  readonly openBus: () => Promise<Bus>;
}

/** A name no other test uses, so tests on a shared backend never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls until `condition` holds. Generous by default: the suite runs on busy CI machines and
 * asserts eventual behaviour, never exact timings.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Payloads received by one subscription, in arrival order. */
export interface Inbox {
  readonly payloads: string[];
  unsubscribe(): Promise<void>;
  /** Resolves once at least `count` payloads arrived. */
  waitForCount(count: number): Promise<void>;
}

export async function subscribeInbox(bus: Bus, channel: string): Promise<Inbox> {
  const payloads: string[] = [];
  const unsubscribe = await bus.subscribe(channel, (payload) => payloads.push(payload));
  return {
    payloads,
    unsubscribe,
    waitForCount: (count) =>
      waitFor(() => payloads.length >= count, `${count} payload(s) on ${channel}`),
  };
}
