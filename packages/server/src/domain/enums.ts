import { VariableType as TEMPLATE_VARIABLE_TYPES } from '@message-center/templates';
import { z } from 'zod';

/** What kind of message this is (seed §4.1). */
export const MessageType = z.enum(['SYSTEM', 'BUSINESS', 'ALERT', 'NOTIFICATION', 'ANNOUNCEMENT']);
export type MessageType = z.infer<typeof MessageType>;
export const MESSAGE_TYPES = MessageType.options;

export const Priority = z.enum(['LOW', 'NORMAL', 'HIGH', 'URGENT']);
export type Priority = z.infer<typeof Priority>;

/** Who a message is addressed to. */
export const ReceiverType = z.enum(['USER', 'USER_GROUP', 'ROLE', 'ORGANIZATION', 'ALL_USERS']);
export type ReceiverType = z.infer<typeof ReceiverType>;

/** Lifecycle of the message itself (not of one recipient's copy). */
export const MessageStatus = z.enum(['SCHEDULED', 'SENT', 'FAILED', 'CANCELLED', 'EXPIRED']);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** One recipient's state of one message. A missing row means UNREAD. */
export const InboxState = z.enum(['UNREAD', 'DELIVERED', 'READ', 'DELETED']);
export type InboxState = z.infer<typeof InboxState>;

export const Role = z.enum(['user', 'sender', 'admin', 'platform']);
export type Role = z.infer<typeof Role>;

export const GroupType = z.enum(['USER_GROUP', 'ROLE']);
export type GroupType = z.infer<typeof GroupType>;

/** Template variable types: the template language's own list, so the two never drift apart. */
export const VariableType = z.enum(TEMPLATE_VARIABLE_TYPES);
export type VariableType = z.infer<typeof VariableType>;
