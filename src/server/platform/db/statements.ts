import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Statement } from './database';

/**
 * A prebuilt INSERT of every column of `table`, for hot paths: the text is built once, and a call
 * only maps the row's values the way drizzle's insert builder would (`mapToDriverValue`). Pass
 * complete rows (defaults filled in): the statement text, and so its prepared plan, never varies.
 */
export function insertAllColumns<T extends PgTable>(table: T): (row: T['$inferSelect']) => Statement {
  const columns = Object.entries(getTableColumns(table));
  const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const values = columns.map((_, i) => `$${i + 1}`).join(', ');
  const text = `insert into "${getTableName(table)}" (${names}) values (${values})`;
  return (row) => ({
    text,
    params: columns.map(([key, column]) => {
      const value = (row as Record<string, unknown>)[key];
      return value === null || value === undefined ? null : column.mapToDriverValue(value);
    }),
  });
}
