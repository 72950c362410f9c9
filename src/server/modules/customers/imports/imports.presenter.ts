import type { ImportBatchRow } from './imports.repo';
import type { ImportBatchResponse } from './imports.schemas';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Percent of rows processed: 100 once done, whatever the counts say. */
export function progressOf(row: ImportBatchRow): number {
  if (row.status === 'completed' || row.status === 'undone') return 100;
  if (!row.totalRows) return 0;
  return Math.min(100, Math.floor((row.processedRows / row.totalRows) * 100));
}

/** The one place an import batch row becomes an API object. */
export function presentBatch(row: ImportBatchRow): ImportBatchResponse {
  return {
    id: row.id,
    objectType: row.objectType,
    filename: row.filename,
    status: row.status as ImportBatchResponse['status'],
    dedupPolicy: row.dedupPolicy as ImportBatchResponse['dedupPolicy'],
    mapping: row.mapping ?? {},
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    progress: progressOf(row),
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    errorCount: row.errorCount,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    undoneAt: iso(row.undoneAt),
  };
}

/** The file's columns with the field each fills. */
export function presentColumns(headers: readonly string[], mapping: Record<string, string>) {
  return headers.map((header, index) => ({ index, header, field: mapping[String(index)] || null }));
}
