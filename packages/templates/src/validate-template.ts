/**
 * `validateTemplate`: a whole template — title, content and variable declarations — checked
 * together, so that "declared required but never used" considers both sources.
 */
import type { Diagnostic, VariableDiagnostic } from './diagnostics.js';
import { hasErrors } from './diagnostics.js';
import { KEYWORDS } from './tag-parser.js';
import { analyze } from './validate.js';
import { typeProblem } from './value-types.js';
import { FORBIDDEN_PROPERTIES } from './values.js';
import { asDeclarations, VariableType, type TemplateVariable } from './variables.js';

export interface TemplateSource {
  readonly title?: string;
  readonly content?: string;
  readonly variables?: readonly TemplateVariable[];
}

export interface TemplateDiagnostics {
  /** Positioned in the title source. */
  readonly title: Diagnostic[];
  /** Positioned in the content source. */
  readonly content: Diagnostic[];
  /** About the declarations (invalid, duplicate, required but unused), by declaration index. */
  readonly variables: VariableDiagnostic[];
  readonly hasErrors: boolean;
}

const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** Checks title, content and declarations together. Never throws. */
export function validateTemplate({ title = '', content = '', variables: given = [] }: TemplateSource): TemplateDiagnostics {
  const variables = asDeclarations(given);
  const declarations = checkDeclarations(variables);
  const valid = variables.filter((_, index) => !declarations.some((d) => d.index === index && d.severity === 'error'));
  const titleAnalysis = analyze(String(title ?? ''), valid);
  const contentAnalysis = analyze(String(content ?? ''), valid);
  valid.forEach((variable) => {
    if (variable.required && !titleAnalysis.used.has(variable.name) && !contentAnalysis.used.has(variable.name)) {
      declarations.push({
        severity: 'warning',
        code: 'UNUSED_REQUIRED_VARIABLE',
        variable: variable.name,
        index: variables.indexOf(variable),
        message: `\`${variable.name}\` is declared required but neither the title nor the content uses it`,
      });
    }
  });
  return {
    title: titleAnalysis.diagnostics,
    content: contentAnalysis.diagnostics,
    variables: declarations,
    hasErrors: hasErrors(titleAnalysis.diagnostics, contentAnalysis.diagnostics, declarations),
  };
}

/** Problems with the declarations themselves: names, types, duplicates, defaults. */
export function checkDeclarations(variables: readonly TemplateVariable[]): VariableDiagnostic[] {
  const problems: VariableDiagnostic[] = [];
  const seen = new Set<string>();
  variables.forEach((variable: Partial<TemplateVariable> | null, index) => {
    const name = typeof variable?.name === 'string' ? variable.name : '';
    const invalid = (message: string): void => {
      problems.push({ severity: 'error', code: 'INVALID_DECLARATION', variable: name, index, message });
    };
    if (!variable || typeof variable !== 'object') return invalid(`Variable ${index + 1} is not a declaration object`);
    if (!NAME.test(name) || KEYWORDS.includes(name) || FORBIDDEN_PROPERTIES.has(name)) {
      return invalid(`${JSON.stringify(variable.name ?? '')} is not a usable variable name: use letters, digits and _ (not starting with a digit), and not a keyword`);
    }
    if (seen.has(name)) {
      problems.push({ severity: 'error', code: 'DUPLICATE_DECLARATION', variable: name, index, message: `\`${name}\` is declared more than once` });
    }
    seen.add(name);
    if (!VariableType.includes(variable.type as VariableType)) {
      return invalid(`\`${name}\` has unknown type ${JSON.stringify(variable.type)}: use one of ${VariableType.join(', ')}`);
    }
    if (typeof variable.required !== 'boolean') invalid(`\`${name}\`: \`required\` must be true or false`);
    const fallback = variable.default;
    if (fallback !== undefined && fallback !== null && fallback !== '') {
      const problem = typeProblem(variable.type!, fallback);
      if (problem) invalid(`\`${name}\` default: ${problem}`);
    }
  });
  return problems;
}
