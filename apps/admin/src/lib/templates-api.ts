import type { ApiClient } from './api-client';
import type { RouterInputs, RouterOutputs } from './api-types';

export type Template = RouterOutputs['templates']['get'];

/** Fields an admin edits; the server assigns id, org, version and times. */
export type TemplateFields = Required<
  Pick<
    RouterInputs['templates']['create'],
    'name' | 'category' | 'messageType' | 'priority' | 'enabled' | 'title' | 'content' | 'variables'
  >
>;

/** The `templates.*` procedures of the typed client. */
export function templatesApi(api: ApiClient): ApiClient['templates'] {
  return api.templates;
}
