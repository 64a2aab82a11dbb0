import type { HTMLAttributes, ReactNode } from 'react';

/** One column: its header, how a row fills its cell, and whether it holds a right-aligned number. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** Extra attributes of a row: a class, or `data-*` attributes that tests find rows by. */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & {
  [attr: `data-${string}`]: string;
};

/** A plain table of rows, one cell per column (columns are fixed, so their index keys them). */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowProps,
  testId,
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  rowProps?: (row: T) => RowAttributes;
  testId?: string;
}) {
  const numClass = (column: Column<T>) => (column.numeric ? 'num' : undefined);
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} className={numClass(column)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((column, i) => (
              <td key={i} className={numClass(column)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
