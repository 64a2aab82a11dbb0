type Listener = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };

/**
 * The abort controller and signal of one subscription, in one small object.
 *
 * A subscription lives as long as its socket, so its signal is paid once per connection. Node's
 * `AbortSignal` is an `EventTarget` with two maps, its own hidden class and a record per
 * listener: about 950 bytes of heap measured per subscriber, against some 50 here. This object
 * does what stream code does with a signal: `aborted`, `reason`, `throwIfAborted()`, `onabort`,
 * `addEventListener('abort', …)` / `removeEventListener`, and it is accepted where Node checks a
 * signal by its shape (`timers/promises`, `events.once`, `fetch` — all abort with it; checked
 * in `test/transport/stream-abort.test.ts`).
 *
 * It is not a platform `AbortSignal` (`instanceof AbortSignal` is false), and it fails loudly
 * where its internals would be needed: `AbortSignal.any([signal])` throws, because the object
 * is not extensible (it would otherwise accept it and never abort). A stream that needs a
 * platform signal creates its own `AbortController` and aborts it from this one's `abort` event.
 */
export class StreamAbort {
  aborted = false;
  reason: unknown = undefined;
  onabort: ((event: Event) => unknown) | null = null;
  private listeners: Listener | Listener[] | null = null;

  constructor() {
    Object.preventExtensions(this);
  }

  /** The signal side, for APIs typed with `AbortSignal`. */
  get signal(): AbortSignal {
    return this;
  }

  /** Aborts once, with an `AbortError` unless told otherwise, and tells every listener. */
  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispatchEvent(new Event('abort'));
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(type: string, listener: Listener | null): void {
    if (type !== 'abort' || listener === null || this.aborted) return;
    const held = this.listeners;
    if (held === null) this.listeners = listener;
    else if (Array.isArray(held)) {
      if (!held.includes(listener)) held.push(listener);
    } else if (held !== listener) this.listeners = [held, listener];
  }

  removeEventListener(type: string, listener: Listener | null): void {
    const held = this.listeners;
    if (type !== 'abort' || listener === null || held === null) return;
    if (held === listener) this.listeners = null;
    else if (Array.isArray(held)) {
      const at = held.indexOf(listener);
      if (at >= 0) held.splice(at, 1);
    }
  }

  /** Calls `onabort` and the listeners (each once: an abort happens once). */
  dispatchEvent(event: Event): boolean {
    if (event.type !== 'abort') return true;
    const held = this.listeners;
    this.listeners = null;
    const all: Listener[] = held === null ? [] : Array.isArray(held) ? held : [held];
    if (this.onabort) all.unshift(this.onabort);
    for (const listener of all) {
      try {
        if (typeof listener === 'function') listener.call(this, event);
        else listener.handleEvent(event);
      } catch (error) {
        // As an EventTarget does: a throwing listener does not stop the others, and its error
        // surfaces as an uncaught exception.
        process.nextTick(() => {
          throw error;
        });
      }
    }
    return true;
  }
}
