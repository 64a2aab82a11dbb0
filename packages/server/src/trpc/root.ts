import { authRouter } from './routers/auth.js';
import { groupsRouter } from './routers/groups.js';
import { messagesRouter } from './routers/messages.js';
import { presenceRouter } from './routers/presence.js';
import { realtimeRouter } from './routers/realtime.js';
import { statsRouter } from './routers/stats.js';
import { templatesRouter } from './routers/templates.js';
import { router } from './trpc.js';

/** The whole API (SPEC §4). */
export const appRouter = router({
  auth: authRouter,
  messages: messagesRouter,
  groups: groupsRouter,
  stats: statsRouter,
  presence: presenceRouter,
  templates: templatesRouter,
  realtime: realtimeRouter,
});

/** The router's type: all a client needs (`import type`). */
export type AppRouter = typeof appRouter;
