import { randomUUID } from 'node:crypto';
import type { ServiceDeps } from './deps.js';
import { GroupsService } from './groups-service.js';
import { InboxService } from './inbox-service.js';
import { MessagingService } from './messaging/messaging-service.js';
import { StatsService } from './stats-service.js';
import { MessageAdminService } from './message-admin-service.js';
import { AuthService, type AuthServiceOptions } from './auth-service.js';
import { TemplateService } from './templates/template-service.js';
import { PresenceService } from './presence-service.js';
import { RealtimeService, type RealtimeOptions } from '../realtime/realtime-service.js';

/** Every service, wired to the same ports. */
export interface Services {
  deps: ServiceDeps;
  messaging: MessagingService;
  inbox: InboxService;
  groups: GroupsService;
  stats: StatsService;
  messageAdmin: MessageAdminService;
  auth: AuthService;
  templates: TemplateService;
  presence: PresenceService;
  realtime: RealtimeService;
}

/** Builds the services over the given ports. */
export function createServices(
  deps: ServiceDeps,
  auth: AuthServiceOptions = { isDevAuthEnabled: false, secret: null },
  realtime: RealtimeOptions = { instanceId: randomUUID(), maxBufferedBytes: 4 * 1024 * 1024 },
): Services {
  const inbox = new InboxService(deps);
  const presence = new PresenceService(deps, realtime.instanceId);
  const messaging = new MessagingService(deps);
  return {
    deps,
    messaging,
    templates: new TemplateService(deps, messaging),
    inbox,
    groups: new GroupsService(deps),
    stats: new StatsService(deps),
    messageAdmin: new MessageAdminService(deps),
    auth: new AuthService(auth),
    presence,
    realtime: new RealtimeService(deps, inbox, presence, realtime),
  };
}

export type { ServiceDeps } from './deps.js';
export type { Directory } from './directory.js';
export type { Telemetry } from './telemetry.js';
export { createBuiltInDirectory } from './built-in-directory.js';
export { EventPublisher, decodeEnvelope, encodeEnvelope, channelOfOrg, CHANNEL_ALL_ORGS } from './events.js';
export type { BusEnvelope, SystemNotification } from './events.js';
export { personalize, type Recipient } from './templates/personalize.js';
export { startBackgroundJobs, fireDueMessages, purgeExpiredMessages } from './messaging/background-jobs.js';
export type { InboxPage, UnreadCount, Actor } from './inbox-service.js';
export type { StatsOverview, DailyStat, TypeStat, TrendingMessage } from './stats-service.js';
export type { SendResult, GroupSendResult } from './messaging/messaging-service.js';
export { PresenceService } from './presence-service.js';
export type { RealtimeOptions, SlowConsumerDisconnect } from '../realtime/realtime-service.js';
