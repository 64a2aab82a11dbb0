import { describe, expect, it } from 'vitest';
import { LiveEvents, type OpenSubscription, type RealtimeEvent } from './live-events.js';

const message = (messageId: string, seq: string, title = messageId): RealtimeEvent => ({
  type: 'MESSAGE',
  message: {
    messageId, seq, title, content: '', orgId: 'o', senderId: 's', senderName: 'S', receiverType: 'USER', receiverId: 'u',
    messageType: 'NOTIFICATION', priority: 'NORMAL', category: '', metadata: {}, status: 'SENT', deliverAt: null, expireTime: null,
    createTime: new Date(), updateTime: new Date(), state: 'UNREAD', archived: false,
  },
});

/** A subscription the test drives by hand, standing in for the socket. */
function harness() {
  const opened: (string | null)[] = [];
  let emit: (id: string, e: RealtimeEvent) => void = () => undefined;
  let isOpen = false;
  const open: OpenSubscription = (lastEventId, handlers) => {
    opened.push(lastEventId);
    emit = handlers.onEvent;
    isOpen = true;
    return () => (isOpen = false);
  };
  return { open, opened, emit: (id: string, e: RealtimeEvent) => emit(id, e), isOpen: () => isOpen };
}

describe('LiveEvents', () => {
  it('opens with the first listener, closes with the last, and hands each message over once', () => {
    const h = harness();
    const events = new LiveEvents(h.open);
    const seen: string[] = [];
    const off = events.on('MESSAGE', (e) => seen.push(e.message.messageId));
    expect(h.isOpen()).toBe(true);
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV', message('m1', '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAW', message('m2', '01ARZ3NDEKTSV4RRFFQ69G5FAW'));
    // A resume's overlap replays m1: the app does not see it twice.
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV', message('m1', '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    expect(seen).toEqual(['m1', 'm2']);
    expect(events.lastEventId).toBe('01ARZ3NDEKTSV4RRFFQ69G5FAV');
    off();
    expect(h.isOpen()).toBe(false);
  });

  it('resumes a later session from a checkpoint without repeating what it saw', () => {
    const h1 = harness();
    const first = new LiveEvents(h1.open);
    first.on('*', () => undefined);
    h1.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV', message('m1', '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    const checkpoint = first.checkpoint()!;
    expect(checkpoint).toEqual({ lastEventId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', recentMessageIds: ['m1'] });

    const h2 = harness();
    const second = new LiveEvents(h2.open, { resumeFrom: checkpoint });
    const seen: string[] = [];
    second.on('MESSAGE', (e) => seen.push(e.message.messageId));
    expect(h2.opened).toEqual(['01ARZ3NDEKTSV4RRFFQ69G5FAV']);
    h2.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV', message('m1', '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    h2.emit('01ARZ3NDEKTSV4RRFFQ69G5FAX', message('m3', '01ARZ3NDEKTSV4RRFFQ69G5FAX'));
    expect(seen).toEqual(['m3']);
  });

  it('keeps an unread count: the server figure plus messages since', () => {
    const h = harness();
    const events = new LiveEvents(h.open);
    const counts: number[] = [];
    events.onUnreadCount((c) => counts.push(c.total));
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV.1', { type: 'UNREAD_COUNT', total: 2, byType: { SYSTEM: 0, BUSINESS: 0, ALERT: 0, NOTIFICATION: 2, ANNOUNCEMENT: 0 } });
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAW', message('m2', '01ARZ3NDEKTSV4RRFFQ69G5FAW'));
    expect(counts).toEqual([2, 3]);
    expect(events.unreadCount?.byType.NOTIFICATION).toBe(3);
  });

  it('iterates events until the signal aborts', async () => {
    const h = harness();
    const events = new LiveEvents(h.open);
    const abort = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const { event } of events.iterate(abort.signal)) {
        if (event.type === 'MESSAGE') got.push(event.message.messageId);
        if (got.length === 2) abort.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 0));
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAV', message('a', '01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    h.emit('01ARZ3NDEKTSV4RRFFQ69G5FAW', message('b', '01ARZ3NDEKTSV4RRFFQ69G5FAW'));
    await done;
    expect(got).toEqual(['a', 'b']);
    expect(h.isOpen()).toBe(false);
  });
});
