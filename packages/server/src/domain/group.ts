import type { GroupType } from './enums.js';

/** A built-in group of users (seed: user groups and roles). */
export interface Group {
  groupId: string;
  orgId: string;
  name: string;
  type: GroupType;
  description: string;
  members: string[];
  createTime: Date;
  updateTime: Date;
}
