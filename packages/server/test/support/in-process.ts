import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { createTokenVerifier, signToken } from '../../src/auth/jwt.js';
import { createMemoryBus } from '../../src/bus/memory/index.js';
import type { Role } from '../../src/domain/index.js';
import type { Bus } from '../../src/ports/bus.js';
import type { Store } from '../../src/ports/store.js';
import { BusEventPublisher } from '../../src/realtime/bus-events.js';
import { RealtimeService } from '../../src/realtime/realtime-service.js';
import { createContextFactory } from '../../src/server/context.js';
import { createLogger } from '../../src/server/logger.js';
import { createBuiltInDirectory, createServices, fireDueMessages, type ServiceDeps, type Services } from '../../src/services/index.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import { appRouter } from '../../src/trpc/root.js';
import { appErrorOf, createCallerFactory } from '../../src/trpc/trpc.js';

const createCaller = createCallerFactory(appRouter);

/** The whole API, called in-process as one signed-in user (the same procedures, middleware and RBAC as over HTTP). */
export type Caller = ReturnType<typeof createCaller>;

/** A clock the test moves by hand: services read it for send times, schedules, expiry and statistics days. */
export interface TestClock {
  now(): Date;
  /** Moves the clock forward by `ms` (never backwards: ids are time-ordered). */
  advance(ms: number): void;
}

export interface InProcessOptions {
  /** Send limits per minute (default: high enough never to trip). */
  limits?: Partial<ServiceDeps['limits']>;
  /** Where the clock starts (default 2030-01-02T09:00:00Z). */
  start?: Date;
  /** Time zone for statistics days and template dates (default UTC). */
  timeZone?: string;
}

/** A Message Center without sockets: real services, a real SQLite file, the in-process bus. */
export interface InProcessCenter {
  services: Services;
  deps: ServiceDeps;
  store: Store;
  bus: Bus;
  clock: TestClock;
  /** A caller signed in as `userId` of `orgId` (a real HS256 token through the real context factory). */
  as(userId: string, orgId?: string, roles?: Role[], name?: string): Promise<Caller>;
  /** A caller without a token. */
  anonymous(): Promise<Caller>;
  /** Runs the scheduler once (what the background job does on its timer). */
  fireDueMessages(): Promise<number>;
  close(): Promise<void>;
}

const SECRET = `in-process-${randomUUID()}-${randomUUID()}`;

/** Starts an in-process Message Center over a fresh temporary SQLite file. */
export async function startInProcess(opts: InProcessOptions = {}): Promise<InProcessCenter> {
  const dir = await mkdtemp(join(tmpdir(), 'mc-inproc-'));
  const store = createSqliteStore({ file: join(dir, 'message-center.db') });
  const bus = createMemoryBus();
  await store.start();
  await bus.start();
  let nowMs = (opts.start ?? new Date('2030-01-02T09:00:00.000Z')).getTime();
  const clock: TestClock = {
    now: () => new Date(nowMs),
    advance: (ms) => {
      if (!(ms >= 0)) throw new RangeError('the test clock only moves forward');
      nowMs += ms;
    },
  };
  const instanceId = randomUUID();
  const deps: ServiceDeps = {
    store,
    bus,
    directory: createBuiltInDirectory(store),
    events: new BusEventPublisher(bus),
    logger: createLogger('silent'),
    now: () => clock.now(),
    limits: { sendsPerUserPerMinute: 10_000, sendsPerOrgPerMinute: 100_000, ...opts.limits },
    timeZone: opts.timeZone ?? 'UTC',
  };
  const services = createServices(deps, instanceId);
  const realtime = new RealtimeService(deps, services.inbox, services.presence, services.renderer, { instanceId });
  const contexts = createContextFactory(services, realtime, createTokenVerifier({ secret: SECRET }));

  return {
    services,
    deps,
    store,
    bus,
    clock,
    async as(userId, orgId = 'acme', roles = ['user'], name) {
      const token = await signToken(SECRET, { userId, orgId, roles, ...(name ? { name } : {}) }, { ttl: '1h' });
      return createCaller(await contexts.ws({ token }, randomUUID()));
    },
    async anonymous() {
      return createCaller(await contexts.ws({}, randomUUID()));
    },
    fireDueMessages: () => fireDueMessages(deps, services.messaging.pipeline),
    async close() {
      await realtime.close();
      await bus.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Asserts that `call` fails with the tRPC code and the application code a client would see
 * (the same mapping the error formatter applies), and optionally these field paths.
 */
export async function expectAppError(call: Promise<unknown>, code: TRPCError['code'], appCode: string, fieldPaths?: string[]): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (err: unknown) => err,
  );
  expect(error, `expected ${code}/${appCode}, but the call succeeded`).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  const app = appErrorOf(e);
  expect({ code: e.code, appCode: app.appCode, message: e.message }).toMatchObject({ code, appCode });
  if (fieldPaths) expect(app.details.fieldPaths).toEqual(expect.arrayContaining(fieldPaths));
  return e;
}
