import type { ColumnMapping, RowError } from './imports.api';

/** Which import fields an error path of the contact input (`emails.0.address`, `custom.level`) is about. */
export function fieldsOfErrorPath(path: string): string[] {
  const [head, second] = path.split('.');
  switch (head) {
    case 'phones':
      return ['phone'];
    case 'emails':
      return ['email'];
    case 'addresses':
      return ['address', 'province', 'city', 'district'];
    case 'companyName':
    case 'companies':
      return ['company'];
    case 'custom':
      return second ? [second] : [];
    default:
      return [head];
  }
}

/** Errors of one row arranged by the column they point at; `row` collects those that name no mapped column. */
export interface RowErrors {
  byColumn: Map<number, RowError[]>;
  row: RowError[];
}

/** Groups dry-run errors by file row number and column, so the preview can mark the very cell. */
export function errorsByCell(errors: readonly RowError[], mapping: ColumnMapping): Map<number, RowErrors> {
  const columnsOf = new Map<string, number[]>();
  for (const [column, key] of Object.entries(mapping)) {
    if (!key) continue;
    columnsOf.set(key, [...(columnsOf.get(key) ?? []), Number(column)]);
  }
  const out = new Map<number, RowErrors>();
  for (const error of errors) {
    let entry = out.get(error.row);
    if (!entry) {
      entry = { byColumn: new Map(), row: [] };
      out.set(error.row, entry);
    }
    const columns = fieldsOfErrorPath(error.field).flatMap((f) => columnsOf.get(f) ?? []);
    if (columns.length === 0) entry.row.push(error);
    for (const column of columns) entry.byColumn.set(column, [...(entry.byColumn.get(column) ?? []), error]);
  }
  return out;
}
