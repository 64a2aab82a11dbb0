/**
 * Every port of the server in one place. Services depend on these interfaces only; adapters
 * (`store/`, `bus/`, `channels/`) and the real-time layer implement them; `server/` wires them.
 */
export type * from './store.js';
export type * from './bus.js';
export type { Directory, Contact } from './directory.js';
export type { Telemetry } from './telemetry.js';
export type { EventPublisher, StateChange } from './event-publisher.js';
export type { LiveEvents, EventStreamRequest } from './live-events.js';
export type { TokenIssuer, TokenClaims } from './token-issuer.js';
export type * from './store-admin.js';
export type * from './store-routing.js';
export type { DeliveryRecorder, DeliveredMessage, PendingNotices } from './delivery-recorder.js';
export type { ChannelAdapter, ChannelAttempt } from './channel.js';
