import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';

/** The reference UI page: the bundle below renders `/api/v1/openapi.json`; nothing loads from a CDN. */
const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Message Center REST API</title>
</head>
<body>
<div id="app"></div>
<script src="/api/v1/docs/standalone.js"></script>
<script>
  // No fonts, AI agent or request proxy from scalar.com: the page talks to this server only.
  Scalar.createApiReference('#app', { url: '/api/v1/openapi.json', withDefaultFonts: false, hideClientButton: true, agent: { disabled: true }, proxyUrl: '', telemetry: false });
</script>
</body>
</html>
`;

let bundle: Promise<Buffer> | null = null;

/** The `@scalar/api-reference` standalone bundle, read once from node_modules. */
function readBundle(): Promise<Buffer> {
  bundle ??= readFile(createRequire(import.meta.url).resolve('@scalar/api-reference/browser/standalone.js'));
  return bundle;
}

/** Serves `GET /api/v1/docs`. */
export function serveDocsPage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  res.end(DOCS_HTML);
}

/** Serves `GET /api/v1/docs/standalone.js` (cached by the browser for a day). */
export async function serveDocsBundle(res: ServerResponse): Promise<void> {
  const body = await readBundle();
  res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': body.length, 'cache-control': 'public, max-age=86400' });
  res.end(body);
}
