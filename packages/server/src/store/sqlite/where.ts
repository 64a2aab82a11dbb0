import type { SqlValue } from './connection.js';

/**
 * A WHERE clause built from the filters a query actually has, with its parameters in order.
 * Each distinct combination of filters yields one SQL text, prepared once and cached.
 */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: SqlValue[] = [];

  /** Adds `condition` (with `?` placeholders for `params`) joined by AND. */
  and(condition: string, ...params: SqlValue[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  /** Adds `condition` only when `value` is defined. */
  andIf<T>(value: T | undefined, condition: string, toParam: (v: T) => SqlValue): this {
    return value === undefined ? this : this.and(condition, toParam(value));
  }

  /** `WHERE a AND b ...`, or empty when there is no condition. */
  get sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** A list of values bound as one JSON parameter, for `x IN (SELECT value FROM json_each(?))`. */
export const jsonList = (values: readonly string[]): string => JSON.stringify(values);
