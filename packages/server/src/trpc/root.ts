import { authRouter } from './routers/auth.js';
import { groupsRouter } from './routers/groups.js';
import { messagesRouter } from './routers/messages.js';
import { presenceRouter } from './routers/presence.js';
import { realtimeRouter } from './routers/realtime.js';
import { statsRouter } from './routers/stats.js';
import { templatesRouter } from './routers/templates.js';
import { systemRouter } from './routers/system.js';
import { auditRouter } from './routers/audit.js';
import { usersRouter } from './routers/users.js';
import { rulesRouter } from './routers/rules.js';
import { preferencesRouter } from './routers/preferences.js';
import { deliveriesRouter } from './routers/deliveries.js';
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
  system: systemRouter,
  audit: auditRouter,
  users: usersRouter,
  rules: rulesRouter,
  preferences: preferencesRouter,
  deliveries: deliveriesRouter,
});

/** The router's type: all a client needs (`import type`). */
export type AppRouter = typeof appRouter;
