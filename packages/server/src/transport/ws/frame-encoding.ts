import superjson from 'superjson';
import { isShared } from '../../realtime/shared-events.js';

/**
 * Encode once per fan-out. tRPC serializes every subscription event per recipient
 * (transformer, then `JSON.stringify` of the whole response). For an event shared by many
 * connections (one MESSAGE object per bus envelope), the output transformer below serializes it
 * once and hands the adapter a pre-encoded JSON fragment; the WebSocket encoder splices that
 * fragment into each recipient's small response frame instead of re-encoding the payload.
 */
const encoded = new WeakMap<object, { id: unknown; json: string }>();

/** A JSON text that the encoder inserts as is. Serializes normally if it meets `JSON.stringify`. */
export class PreEncodedJson {
  constructor(readonly json: string) {}
  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

function trackedPayloadOf(value: unknown): { id: unknown; data: object } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { id?: unknown; data?: unknown };
  if (!isShared(v.data)) return null;
  return v as { id: unknown; data: object };
}

/** The router's output transformer: superjson, with shared events encoded once. */
export const sharedOutputTransformer = {
  serialize(value: unknown): unknown {
    const tracked = trackedPayloadOf(value);
    if (!tracked) return superjson.serialize(value);
    const hit = encoded.get(tracked.data);
    if (hit && hit.id === tracked.id) return new PreEncodedJson(hit.json);
    const json = JSON.stringify(superjson.serialize(value));
    encoded.set(tracked.data, { id: tracked.id, json });
    return new PreEncodedJson(json);
  },
  deserialize: (value: unknown): unknown => superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]),
};

const frames = new WeakMap<object, { key: string; frame: Buffer }>();

/**
 * The whole data frame of a tracked shared event, as bytes, or null when `event` is not shared.
 * Recipients of a live broadcast mostly get the same subscription id and event id (the message's
 * seq), so the frame is built and UTF-8 encoded once and the same buffer is written to every
 * socket. The bytes are those `sharedWsEncoder.encode` produces for the same response.
 */
export function sharedDataFrame(subscriptionId: string | number, jsonrpc: '2.0' | undefined, eventId: string, event: unknown): Buffer | null {
  if (!isShared(event)) return null;
  const key = `${typeof subscriptionId}:${subscriptionId}:${jsonrpc ?? ''}:${eventId}`;
  const hit = frames.get(event);
  if (hit?.key === key) return hit.frame;
  const data = sharedOutputTransformer.serialize({ id: eventId, data: event }) as PreEncodedJson;
  const frame = Buffer.from(sharedWsEncoder.encode({ id: subscriptionId, jsonrpc, result: { type: 'data', id: eventId, data } }));
  frames.set(event, { key, frame });
  return frame;
}

interface ResponseFrame {
  id?: unknown;
  jsonrpc?: unknown;
  result?: { type?: unknown; id?: unknown; data?: unknown };
}

/** The WebSocket encoder: JSON text frames, splicing pre-encoded payloads. */
export const sharedWsEncoder = {
  encode(message: unknown): string {
    const frame = message as ResponseFrame;
    const data = frame?.result?.data;
    if (!(data instanceof PreEncodedJson)) return JSON.stringify(message);
    const rpc = frame.jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(frame.jsonrpc)},`;
    const eventId = frame.result?.id === undefined ? '' : `"id":${JSON.stringify(frame.result.id)},`;
    return `{"id":${JSON.stringify(frame.id ?? null)},${rpc}"result":{"type":"data",${eventId}"data":${data.json}}}`;
  },
  decode(data: string | ArrayBuffer | Uint8Array): unknown {
    if (typeof data !== 'string') throw new Error('Expected JSON in a text frame');
    return JSON.parse(data) as unknown;
  },
};
