import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/trpc/root.js';
import { eventually, httpClient, tokenFor } from '../support/server.js';
import { rawSocket, stockClient } from '../transport/support.js';
import { arbitraryOf } from './zod-arbitrary.js';
import { serializeInput, startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

interface ProcedureDef {
  type: 'query' | 'mutation' | 'subscription';
  inputs: unknown[];
}

const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: ProcedureDef }> } })._def.procedures).map(
  ([path, p]) => ({ path, type: p._def.type, schema: p._def.inputs[0] }),
);

/** The close codes the transport documents (normal, policy, too big, its own 4xxx). */
const DOCUMENTED_CLOSE_CODES = [1000, 1001, 1005, 1008, 1009, 4001, 4008, 4013, 4029];
const FRAMES_PER_SOCKET = 150;
const SEED = Number(process.env.MC_FUZZ_SEED ?? 20_261_129);

const id = fc.oneof(
  { arbitrary: fc.nat(), weight: 8 },
  { arbitrary: fc.oneof(fc.integer(), fc.string({ maxLength: 40 }), fc.constant(null), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER), fc.object({ maxDepth: 1 })), weight: 2 },
);
const method = fc.oneof({ arbitrary: fc.constantFrom('query', 'mutation', 'subscription', 'subscription.stop', 'connectionParams'), weight: 8 }, { arbitrary: fc.string({ maxLength: 20 }), weight: 1 });

/** A call to a real procedure, mostly with input its schema generates, sometimes with any JSON. */
const call = fc.constantFrom(...procedures).chain((p) =>
  fc.record({
    id,
    method: fc.oneof({ arbitrary: fc.constant(p.type), weight: 8 }, { arbitrary: method, weight: 1 }),
    params: fc.record(
      {
        path: fc.oneof({ arbitrary: fc.constant(p.path), weight: 10 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 }),
        input: fc.oneof({ arbitrary: (p.schema ? arbitraryOf(p.schema) : fc.constant(undefined)).map(serializeInput), weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 4 }), weight: 1 }),
        lastEventId: fc.option(fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null)), { nil: undefined, freq: 4 }),
      },
      { requiredKeys: ['path', 'input'], noNullPrototype: true },
    ),
  }),
);

/** Anything a hostile client can put in a frame. */
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { arbitrary: call.map((c) => JSON.stringify(c)), weight: 10 },
  { arbitrary: fc.array(call, { maxLength: 8 }).map((c) => JSON.stringify(c)), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.constantFrom('PING', 'PONG', '', '{', '[', '{"id":1,"method":"subscription.stop"}'), weight: 1 },
);

/**
 * Generated frames — calls to every procedure with generated and arbitrary inputs, batches,
 * arbitrary JSON, broken UTF-8 and binary — sent over raw WebSockets by callers of every role,
 * against a real server. No frame may produce an internal error or crash the server, sockets close
 * only with documented codes, `/healthz` stays fast, and a tenant in another org keeps receiving
 * its messages throughout.
 */
describe('fuzzing the WebSocket transport', () => {
  let s: SecurityServer;
  beforeAll(async () => {
    s = await startSecurityServer({ MC_WS_MESSAGES_PER_SECOND: '100000', MC_READ_RATE_LIMIT_USER: '1000000' });
  });
  afterAll(async () => s?.stop());

  it('answers every generated frame without an internal error, and the neighbour org is not disturbed', async () => {
    const calm = stockClient(s.server.wsUrl, () => tokenFor('cleo', 'calm', ['user']));
    const received: string[] = [];
    let isStarted = false;
    const sub = calm.client.realtime.events.subscribe(undefined, {
      onStarted: () => (isStarted = true),
      onData: (e) => {
        if (e.data.type === 'MESSAGE') received.push(e.data.message.title);
      },
    });
    // Live delivery starts with the subscription: a message sent before it is only in the inbox.
    await eventually(() => isStarted, 'the neighbour subscribed');
    const calmSender = httpClient(s.server.url, await tokenFor('svc', 'calm', ['sender']));
    await calmSender.messages.send.mutate({ receiverId: 'cleo', messageType: 'BUSINESS', title: 'before', content: 'x' });
    await eventually(() => received.includes('before'), 'the neighbour is live');

    const tokens: (string | null)[] = [
      ...(await Promise.all([tokenFor('fz-user', 'fuzz', ['user']), tokenFor('fz-admin', 'fuzz', ['admin', 'sender']), tokenFor('fz-root', 'fuzz', ['platform'])])),
      null,
    ];
    const sockets = await Promise.all(tokens.map((t) => rawSocket(s.server.wsUrl, t)));
    const samples = sockets.map((_, i) => fc.sample(frame, { numRuns: FRAMES_PER_SOCKET, seed: SEED + i }));

    await whileHealthy(s.server.url, async () => {
      for (let i = 0; i < FRAMES_PER_SOCKET; i++) {
        for (const [n, socket] of sockets.entries()) if (socket.ws.readyState === socket.ws.OPEN) socket.ws.send(samples[n]![i]!);
        // The neighbour's messages go out while the attack runs.
        if (i % 15 === 0) await calmSender.messages.send.mutate({ receiverId: 'cleo', messageType: 'BUSINESS', title: `during ${i}`, content: 'x' });
      }
      // Every open socket still serves a well-formed call after the storm.
      for (const socket of sockets) {
        if (socket.ws.readyState !== socket.ws.OPEN) continue;
        socket.send({ id: 'final-2', method: 'query', params: { path: 'messages.unreadCount', input: { json: undefined } } });
      }
      await eventually(() => sockets.every((x) => x.ws.readyState !== x.ws.OPEN || x.framesOf('final-2').length === 1), 'every open socket answers after the storm', 20_000);
    });

    const internal = sockets.flatMap((x) => x.frames).filter((f) => {
      const data = (f.error as { json?: { data?: { code?: string; httpStatus?: number } } } | undefined)?.json?.data;
      return data?.code === 'INTERNAL_SERVER_ERROR' || (data?.httpStatus ?? 0) >= 500;
    });
    expect(internal.map((f) => JSON.stringify(f).slice(0, 300))).toEqual([]);
    for (const socket of sockets) if (socket.closeCode !== null) expect(DOCUMENTED_CLOSE_CODES).toContain(socket.closeCode);
    // Most calls got past the frame parser to the procedures, or the fuzzing only tested the parser.
    const answers = sockets.flatMap((x) => x.frames);
    const pastParser = answers.filter((f) => 'result' in f || (f.error as { json?: { data?: { code?: string } } } | undefined)?.json?.data?.code !== 'PARSE_ERROR').length;
    console.log(`${answers.length} answers, ${pastParser} past the frame parser, ${answers.filter((f) => 'result' in f).length} results`);
    expect(pastParser).toBeGreaterThan(answers.length / 3);

    const during = Array.from({ length: Math.ceil(FRAMES_PER_SOCKET / 15) }, (_, k) => `during ${k * 15}`);
    await eventually(() => during.every((t) => received.includes(t)), 'the neighbour got every message sent during the attack');
    expect(received).toEqual(['before', ...during]);
    sub.unsubscribe();
    await calm.close();
    for (const socket of sockets) socket.ws.close();
  }, 180_000);
});
