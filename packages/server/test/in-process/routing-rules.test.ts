import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startInProcess, type Caller, type InProcessCenter } from '../support/in-process.js';

const hookRule = {
  name: 'Every message to the hook',
  priority: 50,
  conditions: {},
  actions: { channels: ['WEBHOOK' as const], webhook: { url: 'https://hooks.example/a', secret: 'sixteen-chars-secret' } },
};

/**
 * Routing rules are read on every send and kept briefly per set of services. A rule written
 * through the services applies to the very next send: its org's entry is dropped at once.
 */
describe('routing rules at send (in-process)', () => {
  let mc: InProcessCenter;
  let admin: Caller;
  beforeEach(async () => {
    mc = await startInProcess();
    admin = await mc.as('boss', 'acme', ['admin']);
  });
  afterEach(() => mc.close());

  const sendAndCountJobs = async (caller: Caller) => {
    const sent = await caller.messages.send({ receiverId: 'alice', messageType: 'NOTIFICATION', title: 'Disk full', content: 'node-3' });
    return (await caller.deliveries.list({ messageId: sent.messageId })).items.length;
  };

  it('applies a new rule to the next send, and stops after the rule is deleted', async () => {
    expect(await sendAndCountJobs(admin)).toBe(0); // the org's empty rule list is now cached
    const rule = await admin.rules.create(hookRule);
    expect(await sendAndCountJobs(admin)).toBe(1);
    await admin.rules.delete({ ruleId: rule.ruleId });
    expect(await sendAndCountJobs(admin)).toBe(0);
  });
});
