import { describe, expect, it } from 'vitest';
import { markShared } from '../../realtime/shared-events.js';
import { wireTransformer } from '../../trpc/wire-transformer.js';
import { encodeFrame, SharedFrameCache } from './frame-encoding.js';

/** What tRPC's own path writes for one tracked event: the transformed `{ id, data }` in a data frame. */
const expected = (subscriptionId: string | number, jsonrpc: '2.0' | undefined, eventId: string, event: object): string =>
  JSON.stringify({ id: subscriptionId, ...(jsonrpc === undefined ? {} : { jsonrpc }), result: { type: 'data', id: eventId, data: wireTransformer.serialize({ id: eventId, data: event }) } });

const sharedEvent = () => {
  const event = { type: 'MESSAGE', message: { messageId: 'm1', title: 'Hi', createTime: new Date(1_700_000_000_000), metadata: undefined } };
  markShared(event);
  return event;
};

describe('SharedFrameCache', () => {
  it('writes the same bytes as encoding the response per recipient', () => {
    const cache = new SharedFrameCache(wireTransformer);
    const event = sharedEvent();
    expect(cache.dataFrame(1, undefined, 'e1', event)?.toString()).toBe(expected(1, undefined, 'e1', event));
    expect(cache.dataFrame('s', '2.0', 'e1', event)?.toString()).toBe(expected('s', '2.0', 'e1', event));
    expect(encodeFrame({ id: 1, result: { type: 'data', id: 'e1', data: wireTransformer.serialize({ id: 'e1', data: event }) } })).toBe(expected(1, undefined, 'e1', event));
  });

  it('reuses the frame for the same subscription and event id, and re-encodes for another', () => {
    const cache = new SharedFrameCache(wireTransformer);
    const event = sharedEvent();
    const first = cache.dataFrame(7, undefined, 'e1', event);
    expect(cache.dataFrame(7, undefined, 'e1', event)).toBe(first);
    // A number id and a string id of the same digits are different frames.
    expect(cache.dataFrame('7', undefined, 'e1', event)?.toString()).toBe(expected('7', undefined, 'e1', event));
    expect(cache.dataFrame(7, undefined, 'e2', event)?.toString()).toBe(expected(7, undefined, 'e2', event));
    expect(cache.dataFrame(7, undefined, 'e1', event)?.toString()).toBe(expected(7, undefined, 'e1', event));
  });

  it('leaves events that are not shared to the per-recipient path', () => {
    const cache = new SharedFrameCache(wireTransformer);
    expect(cache.dataFrame(1, undefined, 'e1', { type: 'MESSAGE' })).toBeNull();
    expect(cache.dataFrame(1, undefined, 'e1', 'text')).toBeNull();
  });
});
