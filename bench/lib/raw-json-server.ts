/**
 * Baseline for the inbox-at-scale scenario: a plain `node:http` server answering every request
 * with the same JSON body (`BODY`, a real inbox page captured from the product), after reading
 * the request. It shows the floor set by HTTP and this machine at the same load.
 */
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BODY ?? '{}');
const http = createServer((req, res) => {
  req.resume();
  req.once('end', () => res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body));
});
http.keepAliveTimeout = 60_000;
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.({ type: 'listening' }));
process.on('SIGTERM', () => {
  http.close(() => process.exit(0));
  http.closeAllConnections();
});
