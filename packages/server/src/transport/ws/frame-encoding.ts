import { isShared } from '../../realtime/shared-events.js';

/** A data transformer (superjson's shape). */
export interface WireTransformer {
  serialize(value: unknown): unknown;
  deserialize(value: never): unknown;
}

/** A JSON text that the encoder inserts as is. Serializes normally if it meets `JSON.stringify`. */
export class PreEncodedJson {
  constructor(readonly json: string) {}
  toJSON(): unknown {
    return JSON.parse(this.json) as unknown;
  }
}

interface ResponseFrame {
  id?: unknown;
  jsonrpc?: unknown;
  result?: { type?: unknown; id?: unknown; data?: unknown };
}

/** Encodes a response frame as JSON text, splicing a pre-encoded payload in as is. */
export function encodeFrame(message: unknown): string {
  const frame = message as ResponseFrame;
  const data = frame?.result?.data;
  if (!(data instanceof PreEncodedJson)) return JSON.stringify(message);
  const rpc = frame.jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(frame.jsonrpc)},`;
  const eventId = frame.result?.id === undefined ? '' : `"id":${JSON.stringify(frame.result.id)},`;
  return `{"id":${JSON.stringify(frame.id ?? null)},${rpc}"result":{"type":"data",${eventId}"data":${data.json}}}`;
}

/**
 * Encode once per fan-out. tRPC serializes every subscription event per recipient (transformer,
 * then `JSON.stringify` of the whole response). An event shared by many connections (one MESSAGE
 * object per bus envelope, marked by the real-time layer) is serialized once here, and recipients
 * with the same subscription id and event id (the usual case in a broadcast) get the same bytes.
 * The cache lives in one handler: weak maps keyed by the event object, so nothing outlives it.
 */
export class SharedFrameCache {
  /**
   * One entry per event: its payload (per event id) and its last frame (per subscription id,
   * protocol and event id). One weak map rather than two halves the ephemeron entries per push,
   * which a one-recipient direct message pays in full.
   */
  private readonly encoded = new WeakMap<object, { eventId: string; json: string; key: string | null; frame: Buffer | null }>();

  constructor(private readonly transformer: WireTransformer) {}

  /**
   * The whole data frame of a tracked shared event, as bytes, or null when `event` is not
   * shared. The bytes are those `encodeFrame` produces for the same response.
   */
  dataFrame(subscriptionId: string | number, jsonrpc: '2.0' | undefined, eventId: string, event: unknown): Buffer | null {
    if (!isShared(event)) return null;
    const key = `${typeof subscriptionId}:${subscriptionId}:${jsonrpc ?? ''}:${eventId}`;
    let entry = this.encoded.get(event);
    if (entry?.key === key && entry.frame) return entry.frame;
    // The transformed `{ id, data }` payload, once per event and event id.
    if (entry?.eventId !== eventId) {
      entry = { eventId, json: JSON.stringify(this.transformer.serialize({ id: eventId, data: event })), key: null, frame: null };
      this.encoded.set(event, entry);
    }
    const data = new PreEncodedJson(entry.json);
    entry.frame = Buffer.from(encodeFrame({ id: subscriptionId, jsonrpc, result: { type: 'data', id: eventId, data } }));
    entry.key = key;
    return entry.frame;
  }
}
