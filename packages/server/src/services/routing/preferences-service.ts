import {
  Preferences,
  forbidden,
  hasRole,
  type Principal,
  type PreferencesUpdateInput,
} from '../../domain/index.js';
import type { ServiceDeps } from '../deps.js';
import { mergePreferences, preferencesOf } from './recipient.js';

/** `preferences.*`: a user's own delivery preferences; an admin's org defaults (`scope: ORG`). */
export class PreferencesService {
  constructor(private readonly deps: ServiceDeps) {}

  async get(p: Principal, scope: 'USER' | 'EFFECTIVE' | 'ORG'): Promise<Preferences> {
    if (scope !== 'EFFECTIVE') return preferencesOf(this.deps, p.orgId, this.ownerOf(p, scope));
    const [org, own] = await Promise.all([this.deps.store.preferences.get(p.orgId, '*'), this.deps.store.preferences.get(p.orgId, p.userId)]);
    return mergePreferences(org, own) ?? Preferences.parse({});
  }

  /** Replaces the fields the input names; the others stay. */
  async update(p: Principal, input: PreferencesUpdateInput): Promise<Preferences> {
    const owner = this.ownerOf(p, input.scope);
    const current = await preferencesOf(this.deps, p.orgId, owner);
    const next = Preferences.parse({
      channels: input.channels ?? current.channels,
      quietHours: input.quietHours !== undefined ? input.quietHours : current.quietHours,
      timeZone: input.timeZone !== undefined ? input.timeZone : current.timeZone,
    });
    await this.deps.store.preferences.put(p.orgId, owner, next, this.deps.now());
    return next;
  }

  private ownerOf(p: Principal, scope: 'USER' | 'ORG'): string {
    if (scope === 'USER') return p.userId;
    if (!hasRole(p, 'admin')) throw forbidden('Org default preferences need the admin role');
    return '*';
  }
}
