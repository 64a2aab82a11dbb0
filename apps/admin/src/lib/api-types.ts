import type { AppRouter } from '@message-center/server';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
/** Inputs of every procedure, inferred from the server's router (no duplicated types). */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, inferred from the server's router. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type Principal = RouterOutputs['auth']['whoami'];
export type Role = Principal['roles'][number];
export type MessageType = RouterInputs['messages']['send']['messageType'];
export type Priority = NonNullable<RouterInputs['messages']['send']['priority']>;
export type GroupType = RouterInputs['messages']['sendToGroup']['groupType'];
export type StatsOverview = RouterOutputs['stats']['overview'];
export type Group = RouterOutputs['groups']['get'];
/** The kinds of group an admin manages (sends may also target the whole ORGANIZATION). */
export type GroupKind = Group['type'];

// Option lists for selects; `satisfies` keeps them in step with the server's enums.
export const MESSAGE_TYPES = [
  'SYSTEM',
  'BUSINESS',
  'ALERT',
  'NOTIFICATION',
  'ANNOUNCEMENT',
] as const satisfies readonly MessageType[];
export const PRIORITIES = [
  'LOW',
  'NORMAL',
  'HIGH',
  'URGENT',
] as const satisfies readonly Priority[];
export const GROUP_TYPES = [
  'USER_GROUP',
  'ROLE',
  'ORGANIZATION',
] as const satisfies readonly GroupType[];
export const GROUP_KINDS = ['USER_GROUP', 'ROLE'] as const satisfies readonly GroupKind[];
export const ROLES = ['user', 'sender', 'admin', 'platform'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { user: 0, sender: 1, admin: 2, platform: 3 };

/** Mirrors the server's role order (user < sender < admin < platform) to decide what to show. */
export function hasRole(p: Principal | null, role: Role): boolean {
  return !!p && p.roles.some((r) => RANK[r] >= RANK[role]);
}

/** The application code and message of a tRPC error, for display. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const data = (err as { data?: { appCode?: string; fieldPaths?: string[]; issues?: unknown[] } })
      .data;
    const code = data?.appCode ? `[${data.appCode}] ` : '';
    // A validation message already names each field (`title: must be …`).
    const fields =
      data?.fieldPaths?.length && !data.issues?.length ? ` (${data.fieldPaths.join(', ')})` : '';
    return `${code}${String(err.message)}${fields}`;
  }
  return String(err);
}
