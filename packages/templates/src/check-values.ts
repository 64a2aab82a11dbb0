/** `checkValues`: do the supplied values satisfy the declared variables? */
import type { VariableDiagnostic } from './diagnostics.js';
import { isMissing } from './values.js';
import { typeProblem } from './value-types.js';
import { asDeclarations, BUILT_IN_VARIABLES, hasDefault, ownValue, type TemplateValues, type TemplateVariable } from './variables.js';

/**
 * Checks `values` against `variables`: every required variable without a default has a value,
 * and every supplied value has its declared type. Values nobody declared are warnings.
 * Returns an empty list when all is well; never throws.
 */
export function checkValues(variables: readonly TemplateVariable[], values: TemplateValues): VariableDiagnostic[] {
  const problems: VariableDiagnostic[] = [];
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    return [{ severity: 'error', code: 'WRONG_TYPE', variable: '', message: 'Values must be an object keyed by variable name' }];
  }
  const declared = new Set<string>();
  asDeclarations(variables).forEach((variable: TemplateVariable | null, index) => {
    if (typeof variable?.name !== 'string') return;
    declared.add(variable.name);
    const value = ownValue(values, variable.name);
    if (isMissing(value)) {
      if (variable.required && !hasDefault(variable)) {
        problems.push({ severity: 'error', code: 'MISSING_VALUE', variable: variable.name, index, message: `\`${variable.name}\` is required: supply a value` });
      }
      return;
    }
    const problem = typeProblem(variable.type, value);
    if (problem) problems.push({ severity: 'error', code: 'WRONG_TYPE', variable: variable.name, index, message: `\`${variable.name}\`: ${problem}` });
  });
  for (const name of Object.keys(values)) {
    if (declared.has(name) || BUILT_IN_VARIABLES.includes(name)) continue;
    problems.push({ severity: 'warning', code: 'UNDECLARED_VALUE', variable: name, message: `\`${name}\` is not a declared variable; the template can't use it` });
  }
  return problems;
}
