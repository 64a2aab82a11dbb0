import type { Logger } from 'pino';
import { createEmailChannel } from '../channels/email.js';
import { withCircuitBreakers } from '../channels/circuit-breaker.js';
import { createSmsGatewayChannel } from '../channels/sms-gateway.js';
import { createWebhookChannel } from '../channels/webhook.js';
import type { Config } from '../config.js';
import type { Channel } from '../domain/index.js';
import type { ChannelAdapter } from '../ports/channel.js';

/**
 * The external channels configured by the environment, each behind per-endpoint circuit
 * breakers: WEBHOOK always (endpoints come from rules), EMAIL with `MC_SMTP_URL`, SMS with
 * `MC_SMS_GATEWAY_URL`. A channel without configuration is absent: its deliveries fail with a
 * message naming the missing setting.
 */
export function channelsFromConfig(
  config: Config,
  logger: Logger,
  now: () => Date,
): Partial<Record<Channel, ChannelAdapter>> {
  const breakers = {
    resetTimeoutMs: config.MC_CIRCUIT_RESET_MS,
    volumeThreshold: config.MC_CIRCUIT_VOLUME,
    onStateChange: (endpoint: string, state: string) =>
      logger.warn({ endpoint, state }, `circuit breaker ${state} for ${endpoint}`),
  };
  const channels: Partial<Record<Channel, ChannelAdapter>> = {
    WEBHOOK: withCircuitBreakers(createWebhookChannel({ now }), breakers),
  };
  if (config.MC_SMTP_URL && config.MC_EMAIL_FROM) {
    channels.EMAIL = withCircuitBreakers(
      createEmailChannel({
        smtpUrl: config.MC_SMTP_URL,
        from: config.MC_EMAIL_FROM,
        timeoutMs: config.MC_CHANNEL_TIMEOUT_MS,
      }),
      breakers,
    );
  }
  if (config.MC_SMS_GATEWAY_URL) {
    channels.SMS = withCircuitBreakers(
      createSmsGatewayChannel({
        url: config.MC_SMS_GATEWAY_URL,
        auth: config.MC_SMS_GATEWAY_AUTH,
        bodyTemplate: config.MC_SMS_BODY_TEMPLATE,
        maxLength: config.MC_SMS_MAX_LENGTH,
      }),
      breakers,
    );
  }
  return channels;
}
