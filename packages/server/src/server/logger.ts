import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Anything that could hold a credential is redacted, so secrets and
 * tokens never reach log storage (SPEC §6).
 */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'message-center', ...base },
    redact: {
      paths: ['token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'connectionParams', '*.connectionParams', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  });
}
