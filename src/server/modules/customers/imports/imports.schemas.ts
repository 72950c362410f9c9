import { z } from 'zod';

/** What an import does with a row whose phone or e-mail matches a contact or an earlier row. */
export const DEDUP_POLICIES = ['skip', 'update', 'create'] as const;

/** Where an import stands. */
export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'undone'] as const;

export const importIdParams = z.object({ id: z.uuid({ error: 'Not an import id' }) });

/** Column index (`"0"`, `"1"`, …) → field key (`name`, `phone`, a custom field key); `""` ignores the column. */
export const columnMappingSchema = z
  .record(z.string().regex(/^\d{1,4}$/, { error: 'Keys are column numbers, from 0' }), z.string().max(63))
  .describe('Which field each column fills, by column number (0-based); omitted columns are ignored');

/** Body of dry-run and run: the mapping (defaults to the stored one) and the dedup policy. */
export const importOptionsBody = z.strictObject({
  mapping: columnMappingSchema.optional(),
  dedupPolicy: z
    .enum(DEDUP_POLICIES)
    .optional()
    .describe('skip: keep the existing contact; update: fill it from the row; create: import the row anyway'),
});
export type ImportOptions = z.infer<typeof importOptionsBody>;

const column = z.object({
  index: z.number().int(),
  header: z.string(),
  field: z.string().nullable().describe('Field the column fills, null when ignored'),
});

/** An import as the API shows it. */
export const importBatchResponse = z.object({
  id: z.uuid(),
  objectType: z.string(),
  filename: z.string(),
  status: z.enum(IMPORT_STATUSES),
  dedupPolicy: z.enum(DEDUP_POLICIES),
  mapping: columnMappingSchema,
  totalRows: z.number().int().nullable().describe('Data rows in the file (header excluded), once counted'),
  processedRows: z.number().int(),
  progress: z.number().int().min(0).max(100).describe('Percent of rows processed'),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  skippedCount: z.number().int().describe('Duplicates skipped (or folded into an earlier row, or unchanged)'),
  errorCount: z
    .number()
    .int()
    .describe('Rows rejected; download them with their reasons from rejections.csv'),
  error: z.string().nullable(),
  createdBy: z.uuid(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});
export type ImportBatchResponse = z.infer<typeof importBatchResponse>;

const importableField = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  multiple: z.boolean().describe('Several columns may fill it'),
});

/** Answer of the upload: the import, the file's columns with the proposed mapping, and its first rows. */
export const uploadResponse = importBatchResponse.extend({
  columns: z.array(column),
  preview: z.array(z.array(z.string())).describe('The first rows of the file, as read'),
  fields: z.array(importableField).describe('Fields a column can fill'),
});

/** An import with its columns (while the file is kept). */
export const importDetailResponse = importBatchResponse.extend({ columns: z.array(column) });

const rowError = z.object({
  row: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
});

/** Answer of a dry run: the first rows as they would be stored, and every error in the file. */
export const dryRunResponse = z.object({
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  duplicatesInFile: z.number().int().describe('Rows whose phone or e-mail appeared in an earlier row'),
  matchesInDatabase: z.number().int().describe('Rows whose phone or e-mail belongs to an existing contact'),
  preview: z.array(
    z.object({
      row: z.number().int(),
      contact: z.record(z.string(), z.unknown()).nullable(),
      errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
    }),
  ),
  errors: z.array(rowError).describe('One entry per bad field of every bad row, in file order'),
  errorsTruncated: z.boolean().describe('True when there were more errors than the answer lists'),
});
export type DryRunResponse = z.infer<typeof dryRunResponse>;

export const listImportsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const importListResponse = z.object({
  data: z.array(importBatchResponse),
  nextCursor: z.string().nullable(),
});

/** Answer of undo. */
export const undoResponse = importBatchResponse.extend({
  deletedCount: z.number().int().describe('Contacts the import had created, now deleted (restorable)'),
  revertedCount: z.number().int().describe('Contacts the import had updated, now reverted'),
});
