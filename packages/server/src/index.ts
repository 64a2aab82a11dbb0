/**
 * @message-center/server — embed the router in your own server, or start the reference server.
 */
export { appRouter, type AppRouter } from './trpc/root.js';
export type { Context, AppErrorData } from './trpc/trpc.js';
export { startMessageCenter, type MessageCenterOptions, type RunningMessageCenter } from './server/app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createTokenVerifier, signToken, type TokenClaims, type TokenVerifier } from './auth/jwt.js';
export { createServices, createBuiltInDirectory, type Services, type ServiceDeps } from './services/index.js';
export type * from './ports/index.js';
export * from './domain/index.js';
export type { BusEnvelope } from './realtime/bus-events.js';
export { RealtimeService, type RealtimeOptions } from './realtime/realtime-service.js';
export type { SlowConsumerEvent } from './transport/http-server.js';
export type { InboxPage, UnreadCount, StatsOverview, TrendingMessage, SendResult, GroupSendResult } from './services/index.js';
export { CloseCode, CLOSE_TOKEN_EXPIRED, CLOSE_SLOW_CONSUMER } from './transport/ws/close-codes.js';
