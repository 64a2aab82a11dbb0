import type { ServiceDeps } from './deps.js';
import { GroupsService } from './groups-service.js';
import { InboxService } from './inbox-service.js';
import { MessagingService } from './messaging/messaging-service.js';
import { SendPipeline } from './messaging/create-message.js';
import { RateLimits } from './messaging/rate-limits.js';
import { StatsService } from './stats-service.js';
import { MessageAdminService } from './message-admin-service.js';
import { AuthService, type AuthServiceOptions } from './auth-service.js';
import { TemplateService } from './templates/template-service.js';
import { PresenceService } from './presence-service.js';
import { UsersService } from './users-service.js';
import { AuditService } from './audit-service.js';
import { DeliveryService } from './delivery-service.js';
import { SystemService } from './system-service.js';
import { MessageRenderer } from './templates/message-renderer.js';
import { RulesService } from './routing/rules-service.js';
import { PreferencesService } from './routing/preferences-service.js';
import { DeliveriesService } from './routing/deliveries-service.js';

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
  users: UsersService;
  system: SystemService;
  audit: AuditService;
  /** Delivery accounting; the real-time layer reports writes to it (`DeliveryRecorder`). */
  deliveries: DeliveryService;
  /** Renders templated messages (at send, in previews, per reader). */
  renderer: MessageRenderer;
  /** Routing rules, delivery preferences and external deliveries. */
  rules: RulesService;
  preferences: PreferencesService;
  externalDeliveries: DeliveriesService;
}

/**
 * Builds the services over the given ports. `instanceId` names this server instance in
 * presence sessions.
 */
export function createServices(baseDeps: ServiceDeps, instanceId: string, auth: AuthServiceOptions = { isDevAuthEnabled: false, tokens: null }): Services {
  const deliveries = new DeliveryService(baseDeps);
  const deps: ServiceDeps = { ...baseDeps, deliveries: baseDeps.deliveries ?? deliveries, ruleCache: baseDeps.ruleCache ?? new Map() };
  const rateLimits = new RateLimits(deps);
  const messaging = new MessagingService(deps, new SendPipeline(deps, rateLimits));
  const renderer = new MessageRenderer({
    maxOperations: deps.limits.templateMaxOperations,
    maxValueChars: deps.limits.templateMaxValueChars,
    readerMaxOperations: deps.limits.templateReaderMaxOperations,
  });
  return {
    deps,
    messaging,
    templates: new TemplateService(deps, messaging, renderer),
    inbox: new InboxService(deps, renderer, rateLimits),
    groups: new GroupsService(deps),
    stats: new StatsService(deps, rateLimits),
    messageAdmin: new MessageAdminService(deps, rateLimits),
    auth: new AuthService(auth),
    presence: new PresenceService(deps, instanceId),
    users: new UsersService(deps),
    system: new SystemService(deps),
    audit: new AuditService(deps),
    deliveries,
    renderer,
    rules: new RulesService(deps),
    preferences: new PreferencesService(deps),
    externalDeliveries: new DeliveriesService(deps),
  };
}

export type { ServiceDeps } from './deps.js';
export { createBuiltInDirectory } from './built-in-directory.js';
export { MessageRenderer, type Recipient, type RenderInput } from './templates/message-renderer.js';
export { startBackgroundJobs, fireDueMessages, purgeExpiredMessages } from './messaging/background-jobs.js';
export type { InboxPage, UnreadCount, Actor } from './inbox-service.js';
export type { StatsOverview, DailyStat, TypeStat, TrendingMessage, StatsPeriod } from './stats-service.js';
export { DeliveryService, type DeliveryBatchOptions } from './delivery-service.js';
export { AUDIT_RETENTION_DAYS_DEFAULT } from './audit-service.js';
export type { SendResult, GroupSendResult } from './messaging/messaging-service.js';
export type { SendManyResult } from './messaging/send-many.js';
export { PresenceService } from './presence-service.js';
export { InboxService } from './inbox-service.js';
export { startOutboxWorker, retryDelayMs, type OutboxWorkerOptions } from './routing/outbox-worker.js';
