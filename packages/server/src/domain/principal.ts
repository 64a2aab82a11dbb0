import type { Role } from './enums.js';

/** The authenticated caller, from a verified JWT (SPEC §3, §7). */
export interface Principal {
  userId: string;
  orgId: string;
  roles: Role[];
  name?: string;
  /** Token expiry, epoch seconds; real-time streams close when it passes. */
  expiresAt?: number;
  /** Contact details from OIDC standard claims (`email`, `phone_number`, `zoneinfo`, `locale`). */
  contact?: { email?: string; phone?: string; timeZone?: string; locale?: string };
}

const RANK: Record<Role, number> = { user: 0, sender: 1, admin: 2, platform: 3 };

/** True when the principal holds `role` or a stronger one (user < sender < admin < platform). */
export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.some((r) => RANK[r] >= RANK[role]);
}
