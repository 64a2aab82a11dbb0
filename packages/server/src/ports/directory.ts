/**
 * The directory port: who belongs to which group, role or organization. The built-in directory
 * answers from the store (groups created through `groups.*`, users seen through their tokens);
 * a host platform supplies its own to resolve membership from its user system.
 */
export interface Directory {
  /** Group ids (USER_GROUP and ROLE) the user belongs to in the org. */
  groupsOf(orgId: string, userId: string): Promise<string[]>;
  /** Number of members of a group, or null when the group does not exist. */
  groupSize(orgId: string, groupId: string): Promise<number | null>;
  /** Number of users in an org (null = every org), for recipient counts of broadcasts. */
  orgSize(orgId: string | null): Promise<number>;
  /**
   * Whether `sender` may address `receiverId` directly (seed §5.1.1 step 3). Only consulted in
   * strict-receiver mode (`MC_STRICT_RECEIVERS=1`); a host directory answers from its user system.
   */
  canAddress(sender: { orgId: string; userId: string }, receiverId: string): Promise<boolean>;
  /**
   * How to reach a user outside the app (email, phone) and the user's time zone and locale, or
   * null when unknown. Optional: without it external channels have no address for users.
   */
  contactOf?(orgId: string, userId: string): Promise<Contact | null>;
}

/** A user's contact details for external channels. */
export interface Contact {
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  locale: string | null;
}
