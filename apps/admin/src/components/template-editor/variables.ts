import type { TemplateValues, TemplateVariable } from '@message-center/templates';

/** A declaration row being edited; `default` and samples stay text until parsed. */
export interface VariableRow {
  name: string;
  type: TemplateVariable['type'];
  required: boolean;
  defaultText: string;
  description: string;
  sample: string;
}

/** Text typed for a value → the value its type expects (JSON for arrays/objects). */
export function parseValue(type: TemplateVariable['type'], text: string): unknown {
  if (text === '') return undefined;
  switch (type) {
    case 'NUMBER': {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'BOOLEAN':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'ARRAY':
    case 'OBJECT':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** A stored value → the text shown in an input. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Declarations as the template package and the server expect them. */
export function toDeclarations(rows: readonly VariableRow[]): TemplateVariable[] {
  return rows.map((r) => {
    const fallback = parseValue(r.type, r.defaultText);
    return {
      name: r.name.trim(),
      type: r.type,
      required: r.required,
      ...(fallback === undefined ? {} : { default: fallback }),
      ...(r.description ? { description: r.description } : {}),
    };
  });
}

/** Sample values keyed by variable name, for the live preview and test sends. */
export function sampleValues(rows: readonly VariableRow[]): TemplateValues {
  const values: Record<string, unknown> = {};
  for (const r of rows) {
    const v = parseValue(r.type, r.sample);
    if (r.name.trim() && v !== undefined) values[r.name.trim()] = v;
  }
  return values;
}

/** Rows for an existing template's declarations. */
export function rowsOf(variables: readonly TemplateVariable[]): VariableRow[] {
  return variables.map((v) => ({
    name: v.name,
    type: v.type,
    required: v.required,
    defaultText: valueText(v.default),
    description: v.description ?? '',
    sample: '',
  }));
}
