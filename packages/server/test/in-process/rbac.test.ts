import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/index.js';
import { expectAppError, startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

const note = { messageType: 'SYSTEM' as const, title: 't', content: '' };
const DAY = { startDate: '2030-01-02', endDate: '2030-01-02' };

/** One call per guarded area, with the weakest role allowed to make it (user < sender < admin < platform). */
const GUARDED: [string, Role, (c: Caller) => Promise<unknown>][] = [
  ['messages.list', 'user', (c) => c.messages.list({})],
  ['messages.unreadCount', 'user', (c) => c.messages.unreadCount()],
  ['stats.user', 'user', (c) => c.stats.user()],
  ['messages.send', 'sender', (c) => c.messages.send({ receiverId: 'x', ...note })],
  ['messages.sendToGroup (org)', 'sender', (c) => c.messages.sendToGroup({ groupId: 'acme', groupType: 'ORGANIZATION', ...note })],
  ['messages.broadcast (org)', 'admin', (c) => c.messages.broadcast({ scope: 'ORGANIZATION', ...note })],
  ['messages.orgList', 'admin', (c) => c.messages.orgList({})],
  ['groups.list', 'admin', (c) => c.groups.list({})],
  ['templates.list', 'admin', (c) => c.templates.list({})],
  ['stats.overview', 'admin', (c) => c.stats.overview(DAY)],
  ['stats.trending', 'admin', (c) => c.stats.trending({})],
  ['messages.broadcast (all users)', 'platform', (c) => c.messages.broadcast({ scope: 'ALL_USERS', ...note })],
  ['stats.overview (another org)', 'platform', (c) => c.stats.overview({ ...DAY, orgId: 'globex' })],
];
const ROLES: Role[] = ['user', 'sender', 'admin', 'platform'];

describe('roles (in-process)', () => {
  let mc: InProcessCenter;
  const callers = new Map<Role, Caller>();
  let anonymous: Caller;
  beforeAll(async () => {
    mc = await startInProcess();
    for (const role of ROLES) callers.set(role, await mc.as(`${role}-1`, 'acme', [role]));
    anonymous = await mc.anonymous();
  });
  afterAll(() => mc.close());

  for (const [name, weakest, call] of GUARDED) {
    it(`${name}: ${weakest} and stronger may, weaker roles get FORBIDDEN / AUTH_002, no token UNAUTHORIZED / AUTH_001`, async () => {
      for (const role of ROLES) {
        if (ROLES.indexOf(role) >= ROLES.indexOf(weakest)) await call(callers.get(role)!);
        else await expectAppError(call(callers.get(role)!), 'FORBIDDEN', 'AUTH_002');
      }
      await expectAppError(call(anonymous), 'UNAUTHORIZED', 'AUTH_001');
    });
  }

  it('public procedures answer without a token', async () => {
    expect(await anonymous.auth.devSignInEnabled()).toBe(false);
    await expectAppError(anonymous.auth.devSignIn({ userId: 'a', orgId: 'acme', roles: ['platform'] }), 'FORBIDDEN', 'AUTH_002');
  });
});
