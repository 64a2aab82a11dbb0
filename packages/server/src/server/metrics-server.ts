import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';

/** The Prometheus exposition: content type and text. */
export type MetricsText = () => Promise<{ contentType: string; text: string }>;

/** A listener that serves only `GET /metrics`, apart from the API port. */
export interface MetricsListener {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the metrics listener on `host:port` (`MC_METRICS_HOST`, loopback by default). Kept
 * apart from the API port so that internal figures (connection counts, procedure names, heap)
 * are not served to anyone who can reach the API.
 */
export async function startMetricsListener(opts: { host: string; port: number; metricsText: MetricsText }): Promise<MetricsListener> {
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found: only GET /metrics is served here\n');
      return;
    }
    serveMetrics(res, opts.metricsText);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes the exposition (or a 500 without details when collecting failed). */
export function serveMetrics(res: ServerResponse, metricsText: MetricsText): void {
  metricsText().then(
    ({ contentType, text }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(text);
    },
    () => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('metrics unavailable\n');
    },
  );
}

/**
 * True when the `Authorization: Bearer …` header carries `token`. Compared in constant time so
 * response timing does not reveal how much of a guess was right.
 */
export function hasMetricsToken(authorization: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The `/metrics` handler for the API port: only with `Authorization: Bearer <MC_METRICS_TOKEN>`.
 * Without a token configured there is no handler, and the API port answers 404.
 */
export function tokenProtectedMetrics(token: string | undefined, metricsText: MetricsText): ((req: IncomingMessage, res: ServerResponse) => void) | null {
  if (!token) return null;
  return (req, res) => {
    if (!hasMetricsToken(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: 'A bearer token (MC_METRICS_TOKEN) is required for /metrics' }));
      return;
    }
    serveMetrics(res, metricsText);
  };
}
