import type { Dispatch, SetStateAction } from 'react';

/**
 * Binds fields of one form-state object to inputs: `field('title')` gives the `name`, `value` and
 * value-taking `onChange` that `TextField` / `SelectField` expect, keyed by the state's own field.
 */
export function fieldBinder<T extends object>(state: T, setState: Dispatch<SetStateAction<T>>) {
  return <K extends keyof T & string>(name: K) => ({
    name,
    value: state[name],
    onChange: (value: T[K]) => setState((s) => ({ ...s, [name]: value })),
  });
}
