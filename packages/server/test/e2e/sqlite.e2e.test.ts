import { sqliteBackend } from '../support/server.js';
import { describeBadInput } from './bad-input.js';
import { describeEndToEnd } from './suite.js';
import { describeRestart } from './restart.js';
import { describeTemplates } from './templates.js';

console.log('[end-to-end] store adapter: sqlite (embedded, temp data directory); bus: in-process');
describeEndToEnd('sqlite', sqliteBackend);
describeBadInput('sqlite', sqliteBackend);
describeTemplates('sqlite', sqliteBackend);
describeRestart('sqlite', sqliteBackend);
