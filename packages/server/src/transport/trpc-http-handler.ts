import type { IncomingMessage, ServerResponse } from 'node:http';
import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError, type AnyProcedure, type AnyRouter } from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { TRPCErrorShape, TRPCResponse } from '@trpc/server/rpc';
import { callProcedure } from '../trpc/call-procedure.js';

/** Options of {@link createTrpcHttpHandler}. */
export interface TrpcHttpHandlerOptions<TContext> {
  router: AnyRouter;
  /** Where procedures are served, with both slashes (`/trpc/`). */
  basePath: string;
  maxBodySize: number;
  /** Most calls one batch may carry; larger batches go to `fallback`, which refuses them whole. */
  maxBatchSize: number;
  createContext(req: IncomingMessage): Promise<TContext>;
  onError(opts: { error: TRPCError; path: string }): void;
  /** tRPC's own HTTP handler: answers every request this one does not take (see below). */
  fallback(req: IncomingMessage, res: ServerResponse): void;
}

type Call = { path: string; type: 'query' | 'mutation'; procedure: AnyProcedure };
type Outcome = { ok: true; data: unknown } | { ok: false; error: TRPCError };

/**
 * tRPC over HTTP without the Fetch API round trip. `@trpc/server`'s node adapter turns every
 * request into a `Request` (URL, `Headers`, `AbortController`, a web stream for the body) and
 * every answer into a `Response` piped through a `WritableStream`; in the server profile under
 * load that conversion cost about as much as the procedure itself. This handler answers the
 * calls clients make — queries by GET and mutations by POST with a JSON body, single or batched
 * (`httpLink`, `httpBatchLink`) — straight from `node:http`, running procedures through tRPC
 * (`trpc/call-procedure.ts`: the same middlewares, input parsing and context) and shaping answers
 * and errors with the router's own transformer, error formatter and status mapping.
 *
 * Everything else goes to `fallback` unchanged, so its answers stay exactly tRPC's: unknown
 * procedures, a method that does not match the procedure, subscriptions, streaming
 * (`trpc-accept` / `application/jsonl`), other content types, extra query parameters
 * (`connectionParams`, …), oversized batches or a declared body over the limit.
 */
export function createTrpcHttpHandler<TContext>(opts: TrpcHttpHandlerOptions<TContext>): (req: IncomingMessage, res: ServerResponse) => void {
  const procedures = opts.router._def.procedures as unknown as Record<string, AnyProcedure | undefined>;
  const config = opts.router._def._config as Parameters<typeof getErrorShape>[0]['config'];
  const deserialize = (v: unknown): unknown => config.transformer.input.deserialize(v);

  const callsOf = (req: IncomingMessage): { calls: Call[]; isBatch: boolean; input: string | null } | null => {
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') return null;
    const url = req.url ?? '';
    if (!url.startsWith(opts.basePath)) return null;
    const h = req.headers;
    if (h['trpc-accept'] !== undefined || h.accept?.includes('application/jsonl')) return null;
    const contentType = h['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
    if (method === 'POST') {
      if (contentType !== 'application/json') return null;
      if (h['content-length'] !== undefined && Number(h['content-length']) > opts.maxBodySize) return null;
    } else if (contentType === 'multipart/form-data' || contentType === 'application/octet-stream') return null;
    const q = url.indexOf('?');
    const rawPath = url.slice(opts.basePath.length, q < 0 ? undefined : q);
    let isBatch = false;
    let input: string | null = null;
    if (q >= 0) {
      for (const [key, value] of new URLSearchParams(url.slice(q + 1))) {
        if (key === 'batch' && !isBatch) isBatch = value === '1';
        else if (key === 'input' && input === null) input = value;
        else return null;
      }
    }
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return null;
    }
    const paths = isBatch ? path.split(',') : [path];
    if (paths.length > opts.maxBatchSize) return null;
    const type = method === 'GET' ? 'query' : 'mutation';
    const calls: Call[] = [];
    for (const p of paths) {
      const procedure = procedures[p];
      if (procedure?._def.type !== type) return null;
      calls.push({ path: p, type, procedure });
    }
    return { calls, isBatch, input };
  };

  return (req, res) => {
    const parsed = callsOf(req);
    if (!parsed) return opts.fallback(req, res);
    void answer(req, res, parsed.calls, parsed.isBatch, parsed.input).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"Internal server error"}}');
      else res.destroy();
    });
  };

  async function answer(req: IncomingMessage, res: ServerResponse, calls: Call[], isBatch: boolean, queryInput: string | null): Promise<void> {
    // Inputs are read (body included) only when a procedure asks for them, as tRPC does: a call
    // refused before its input is parsed never reads the body.
    let inputs: Promise<Record<number, unknown>> | null = null;
    let readInputs: Record<number, unknown> | undefined;
    const getInputs = () =>
      (inputs ??= (async () => {
        try {
          const text = req.method === 'GET' ? queryInput : await readBody(req, opts.maxBodySize);
          readInputs = decodeInputs(text ? (JSON.parse(text) as unknown) : undefined, calls.length, isBatch, deserialize);
          return readInputs;
        } catch (cause) {
          if (cause instanceof TRPCError) throw cause;
          throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
        }
      })());

    let ctx: TContext | undefined;
    let ctxError: TRPCError | null = null;
    try {
      ctx = await opts.createContext(req);
    } catch (cause) {
      ctxError = getTRPCErrorFromUnknown(cause);
    }

    const run = async (call: Call, batchIndex: number): Promise<Outcome> => {
      try {
        if (ctxError) throw ctxError;
        const data: unknown = await callProcedure({ router: opts.router, procedure: call.procedure, path: call.path, type: call.type, ctx, batchIndex, getRawInput: async () => (await getInputs())[batchIndex] });
        if (typeof data === 'object' && data !== null && (Symbol.asyncIterator in data || data instanceof ReadableStream)) {
          throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink' });
        }
        return { ok: true, data };
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        opts.onError({ error, path: call.path });
        return { ok: false, error };
      }
    };
    const outcomes = calls.length === 1 ? [await run(calls[0]!, 0)] : await Promise.all(calls.map(run));

    if (outcomes.every((o) => o.ok)) {
      // Every call succeeded: status 200 and `{ result: { data } }` per call, which is what
      // tRPC's status mapping and `transformTRPCResponse` give, without their per-item copies.
      const items = outcomes.map((o) => ({ result: { data: config.transformer.output.serialize((o as { data: unknown }).data) as unknown } }));
      return send(res, 200, JSON.stringify(isBatch ? items : items[0]));
    }
    const responses: TRPCResponse[] = outcomes.map((o, i) => {
      if (o.ok) return { result: { data: o.data } };
      const call = calls[i]!;
      const shape = getErrorShape({ config, error: o.error, type: call.type, path: call.path, input: readInputs?.[i], ctx }) as TRPCErrorShape;
      return { error: shape };
    });
    const errors = outcomes.map((o) => (o.ok ? undefined : o.error));
    const status = getHTTPStatusCode(isBatch ? responses : responses[0]!, errors);
    send(res, status, JSON.stringify(isBatch ? transformTRPCResponse(config, responses) : transformTRPCResponse(config, responses[0]!)));
  }
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', vary: 'trpc-accept, accept', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The request body as text, refused past `max` bytes (as tRPC does: 413 PAYLOAD_TOO_LARGE). */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (error === undefined) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      settle(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
    };
    req.on('data', onData);
    req.once('end', () => settle());
    req.once('error', (error: Error) => settle(error));
    // A client gone mid-body never sends 'end'; settle instead of waiting forever. 'close' also
    // follows every completed body, so the error (and its stack trace) is built only when the
    // body did not arrive.
    req.once('close', () => {
      if (!settled) settle(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client closed the request' }));
    });
  });
}

/** Per call index, its deserialized input: the whole value for one call, `input[i]` in a batch. */
function decodeInputs(inputs: unknown, count: number, isBatch: boolean, deserialize: (v: unknown) => unknown): Record<number, unknown> {
  const result: Record<number, unknown> = Object.create(null) as Record<number, unknown>;
  if (inputs === undefined) return result;
  if (!isBatch) {
    result[0] = deserialize(inputs);
    return result;
  }
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: '"input" needs to be an object when doing a batch call' });
  }
  for (let i = 0; i < count; i++) {
    const input = (inputs as Record<string, unknown>)[i];
    if (input !== undefined) result[i] = deserialize(input);
  }
  return result;
}
