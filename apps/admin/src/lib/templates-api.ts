import type { MessageType, Priority, Template, TemplateVariable } from '@message-center/server';
import type { ApiClient } from './api-client';

/** Fields an admin edits; the server assigns id, org, version and times. */
export interface TemplateFields {
  name: string;
  category: string;
  messageType: MessageType;
  priority: Priority;
  title: string;
  content: string;
  variables: TemplateVariable[];
  enabled: boolean;
}

// Bridge until `templates.*` is on the router: the names and shapes of SPEC §4.
interface TemplatesProcedures {
  list: { query(input: { category?: string; enabled?: boolean }): Promise<Template[]> };
  get: { query(input: { templateId: string }): Promise<Template> };
  history: { query(input: { templateId: string }): Promise<Template[]> };
  create: { mutate(input: TemplateFields): Promise<Template> };
  update: { mutate(input: Partial<TemplateFields> & { templateId: string }): Promise<Template> };
  delete: { mutate(input: { templateId: string }): Promise<unknown> };
  send: { mutate(input: { templateId: string; receiverId: string; variables: Record<string, unknown> }): Promise<{ messageId: string }> };
}

/** The `templates.*` procedures of the typed client. */
export function templatesApi(api: ApiClient): TemplatesProcedures {
  return (api as unknown as { templates: TemplatesProcedures }).templates;
}
