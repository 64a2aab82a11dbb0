import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient, tokenFor } from '../support/server.js';
import { expectAppError } from '../e2e/expect-error.js';
import { startSecurityServer, whileHealthy, type SecurityServer } from './support.js';

/** Template ids are scoped per org: no org blocks another's id, nor learns that it exists. */
describe('template ids per organization', () => {
  let s: SecurityServer;
  beforeAll(async () => {
    s = await startSecurityServer();
  });
  afterAll(async () => s?.stop());

  it('lets two orgs each own "welcome"; each sees, sends and deletes only its own', async () => {
    const a = httpClient(s.server.url, await tokenFor('ann', 'org-a', ['admin']), { batch: false });
    const b = httpClient(s.server.url, await tokenFor('ben', 'org-b', ['admin']), { batch: false });
    const bUser = httpClient(s.server.url, await tokenFor('bea', 'org-b', ['user']), { batch: false });
    const source = (who: string) => ({ templateId: 'welcome', name: `Welcome ${who}`, title: `Hi from ${who}`, content: 'Hello {{ name }}', variables: [{ name: 'name', type: 'STRING' as const }] });
    await whileHealthy(s.server.url, async () => {
      await a.templates.create.mutate(source('A'));
      await b.templates.create.mutate(source('B'));
    });
    await expectAppError(b.templates.create.mutate(source('B2')), 'BAD_REQUEST', 'FORMAT_001', ['templateId']);
    expect((await a.templates.get.query({ templateId: 'welcome' })).name).toBe('Welcome A');
    expect((await b.templates.get.query({ templateId: 'welcome' })).name).toBe('Welcome B');
    await b.templates.send.mutate({ templateId: 'welcome', receiverId: 'bea', values: { name: 'Bea' } });
    expect((await bUser.messages.list.query({})).items.map((m) => m.title)).toEqual(['Hi from B']);
    await a.templates.delete.mutate({ templateId: 'welcome' });
    expect((await b.templates.get.query({ templateId: 'welcome' })).name).toBe('Welcome B');
  });
});
