/**
 * The reference server with `@trpc/server`'s stock WebSocket adapter (`applyWSSHandler`, with
 * its keep-alive) in place of the transport's own handler — everything else identical, from the
 * same compiled dist/ as the product runs. Only the `connections` and `broadcast` benchmarks
 * start it, to compare the two handlers in one run.
 */
import { loadConfig } from '../../packages/server/dist/config.js';
import { startMessageCenter } from '../../packages/server/dist/server/app.js';

const app = await startMessageCenter({ config: loadConfig(), webSocketHandler: 'trpc-stock' });
const stop = () => void app.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
