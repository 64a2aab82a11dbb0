import type { MessageType, Priority, VariableType } from './enums.js';

export interface TemplateVariable {
  name: string;
  type: VariableType;
  required: boolean;
  default?: unknown;
  description?: string;
}

/** A message template (seed §4.2.1, §5.3). `title` and `content` are template sources. */
export interface Template {
  templateId: string;
  orgId: string;
  name: string;
  category: string;
  messageType: MessageType;
  priority: Priority;
  title: string;
  content: string;
  variables: TemplateVariable[];
  enabled: boolean;
  version: number;
  createTime: Date;
  updateTime: Date;
}
