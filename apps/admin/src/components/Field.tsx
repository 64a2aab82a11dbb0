import type { InputHTMLAttributes } from 'react';

/** A field's own error, below its input; the input is marked invalid while there is one. */
function FieldMessage({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <span className="field-error" role="alert">
      {error}
    </span>
  );
}

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A labelled text input, or a textarea when `rows` is given. `onChange` receives the new text, so
 * callers bind it straight to state (see `fieldBinder`). `error` is shown under the input.
 */
export function TextField({
  label,
  value,
  onChange,
  rows,
  error,
  ...input
}: InputAttributes & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  error?: string;
}) {
  return (
    <label>
      {label}
      {rows === undefined ? (
        <input
          {...input}
          aria-invalid={!!error || undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <textarea
          name={input.name}
          rows={rows}
          required={input.required}
          aria-invalid={!!error || undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <FieldMessage error={error} />
    </label>
  );
}

/**
 * A labelled select over a fixed list of values. Each option shows its value unless
 * `optionLabel` says otherwise (e.g. "All" for the empty filter value). A `required` select
 * refuses to submit its form while the empty value is chosen.
 */
export function SelectField<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
  optionLabel = (option) => option,
  required,
  error,
}: {
  label: string;
  name?: string;
  value: V;
  options: readonly V[];
  onChange: (value: V) => void;
  optionLabel?: (option: V) => string;
  required?: boolean;
  error?: string;
}) {
  return (
    <label>
      {label}
      <select
        name={name}
        value={value}
        required={required}
        aria-invalid={!!error || undefined}
        onChange={(e) => onChange(e.target.value as V)}
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
      <FieldMessage error={error} />
    </label>
  );
}

/** A required text field with its form's submit button beside it, for one-value forms. */
export function SubmitField({
  submitLabel,
  pending,
  ...field
}: Parameters<typeof TextField>[0] & { submitLabel: string; pending?: boolean }) {
  return (
    <div className="row">
      <TextField {...field} required />
      <button type="submit" disabled={pending}>
        {submitLabel}
      </button>
    </div>
  );
}

/** A labelled checkbox; `onChange` receives whether it is now checked. */
export function CheckboxField({
  label,
  name,
  checked,
  onChange,
  error,
}: {
  label: string;
  name?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  return (
    <label className="inline">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        aria-invalid={!!error || undefined}
        onChange={(e) => onChange(e.target.checked)}
      />{' '}
      {label}
      <FieldMessage error={error} />
    </label>
  );
}
