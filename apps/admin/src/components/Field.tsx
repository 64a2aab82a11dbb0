import type { InputHTMLAttributes } from 'react';

type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/**
 * A labelled text input, or a textarea when `rows` is given. `onChange` receives the new text, so
 * callers bind it straight to state (see `fieldBinder`).
 */
export function TextField({
  label,
  value,
  onChange,
  rows,
  ...input
}: InputAttributes & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}) {
  return (
    <label>
      {label}
      {rows === undefined ? (
        <input {...input} value={value} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <textarea
          name={input.name}
          rows={rows}
          required={input.required}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </label>
  );
}

/**
 * A labelled select over a fixed list of values. Each option shows its value unless
 * `optionLabel` says otherwise (e.g. "All" for the empty filter value).
 */
export function SelectField<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
  optionLabel = (option) => option,
}: {
  label: string;
  name?: string;
  value: V;
  options: readonly V[];
  onChange: (value: V) => void;
  optionLabel?: (option: V) => string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </select>
    </label>
  );
}
