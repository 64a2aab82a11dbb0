import { describe, expect, it } from 'vitest';
import type { Message } from '../domain/index.js';
import { decodeEnvelope, encodeEnvelope, type BusEnvelope } from './bus-events.js';

const message = (o: Partial<Message> = {}): Message => ({
  messageId: 'm1',
  orgId: 'org-a',
  senderId: 's1',
  senderName: 'Sender',
  receiverType: 'USER',
  receiverId: 'u1',
  messageType: 'NOTIFICATION',
  title: 'Device offline',
  content: 'Device 7 went offline',
  priority: 'NORMAL',
  category: 'ops',
  metadata: { customData: { at: '2026-01-01T00:00:00.000Z', nested: { createTime: 'yesterday' } } },
  status: 'SENT',
  deliverAt: null,
  expireTime: new Date('2026-02-01T00:00:00.000Z'),
  createTime: new Date('2026-01-01T10:00:00.000Z'),
  updateTime: new Date('2026-01-01T10:00:01.000Z'),
  ...o,
});

describe('bus envelopes', () => {
  it('round-trips a message envelope with its dates as dates and its metadata as sent', () => {
    const sent: BusEnvelope = { kind: 'message', orgId: 'org-a', audience: 'a1', seq: 's1', message: message() };
    const decoded = decodeEnvelope(encodeEnvelope(sent));
    expect(decoded).toEqual(sent);
    if (decoded.kind !== 'message') throw new Error('kind changed');
    expect(decoded.message.createTime).toBeInstanceOf(Date);
    expect(decoded.message.deliverAt).toBeNull();
    // Metadata is user JSON: a date-like key in it stays a string, as when read from the store.
    expect(decoded.message.metadata).toEqual({ customData: { at: '2026-01-01T00:00:00.000Z', nested: { createTime: 'yesterday' } } });
  });

  it('revives the dates of every item of a batch envelope', () => {
    const items = [
      { audience: 'a1', seq: 's1', message: message({ messageId: 'm1', deliverAt: new Date('2026-01-01T09:00:00.000Z'), expireTime: null }) },
      { audience: 'a2', seq: 's2', message: message({ messageId: 'm2' }) },
    ];
    const sent: BusEnvelope = { kind: 'messages', orgId: 'org-a', items };
    expect(decodeEnvelope(encodeEnvelope(sent))).toEqual(sent);
  });

  it('revives the dates of the other kinds', () => {
    const state: BusEnvelope = { kind: 'state', orgId: 'org-a', userId: 'u1', messageIds: ['m1'], state: 'READ', archived: null, originSessionId: null, at: new Date('2026-01-01T10:00:00.000Z') };
    expect(decodeEnvelope(encodeEnvelope(state))).toEqual(state);
    const presence: BusEnvelope = { kind: 'presence', orgId: 'org-a', userId: 'u1', isOnline: true, at: new Date('2026-01-01T10:00:00.000Z') };
    expect(decodeEnvelope(encodeEnvelope(presence))).toEqual(presence);
  });

  it('rejects a payload that is not JSON', () => {
    expect(() => decodeEnvelope('{not json')).toThrow();
  });
});
