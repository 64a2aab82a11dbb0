import type { SourceSpan } from './location.js';

/** What a diagnostic is about; stable strings for tools (the admin console keys hints on them). */
export type DiagnosticCode =
  | 'SYNTAX'
  | 'UNCLOSED_BLOCK'
  | 'UNEXPECTED_TAG'
  | 'NESTING_TOO_DEEP'
  | 'FORBIDDEN_PROPERTY'
  | 'UNKNOWN_FUNCTION'
  | 'WRONG_ARITY'
  | 'UNDECLARED_VARIABLE'
  | 'UNUSED_REQUIRED_VARIABLE'
  | 'TYPE_MISMATCH'
  | 'RENDER_ERROR'
  | 'BUDGET_EXCEEDED';

/** A problem found in a template source, positioned for an editor. */
export interface Diagnostic extends SourceSpan {
  readonly severity: 'error' | 'warning';
  readonly code: DiagnosticCode;
  /** A sentence a template author can act on. */
  readonly message: string;
  /** The variable concerned, for variable-related diagnostics. */
  readonly variable?: string;
}

/** What a variable diagnostic is about. */
export type VariableDiagnosticCode =
  | 'INVALID_DECLARATION'
  | 'DUPLICATE_DECLARATION'
  | 'UNUSED_REQUIRED_VARIABLE'
  | 'MISSING_VALUE'
  | 'WRONG_TYPE'
  | 'UNDECLARED_VALUE';

/** A problem with a variable declaration or a supplied value (not tied to a source position). */
export interface VariableDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: VariableDiagnosticCode;
  readonly message: string;
  /** The variable's name (the key in `values`). */
  readonly variable: string;
  /** Index of the declaration in the `variables` array, when the variable is declared. */
  readonly index?: number;
}

/** True when any diagnostic in the lists is an error. */
export function hasErrors(...lists: readonly (readonly { severity: string }[])[]): boolean {
  return lists.some((list) => list.some((d) => d.severity === 'error'));
}
