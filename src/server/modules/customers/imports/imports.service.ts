import type { Readable } from 'node:stream';
import type { Actor } from '../../../platform/access/actor';
import { type Change, recordChange, recordChanges } from '../../../platform/audit/record-change';
import { newId } from '../../../platform/db/ids';
import { decodeCursor, encodeCursor } from '../../../platform/http/cursor';
import { AppError, invalid, notFound } from '../../../platform/http/errors';
import type { Platform } from '../../../platform/http/platform';
import { type RequestContext, runAs } from '../../../platform/http/request-context';
import { contactSearchColumns } from '../contact-input';
import { presentContact } from '../contacts.presenter';
import { loadCustomFields } from '../custom-fields.repo';
import { phoneKeysOf, regionCodesOf } from '../customer-input';
import { findWorkspaceRegion } from '../customers.repo';
import type { StoredAddress, StoredEmail, StoredPhone } from '../customers.schema';
import { autoMapHeaders, CONTACT_IMPORT_FIELDS } from '../import';
import { chunked, dataRows, readHead } from './file-rows';
import { type DedupPolicy, type ImportSetup, isRejected, validateRow } from './import-rows';
import { presentBatch, presentColumns } from './imports.presenter';
import * as repo from './imports.repo';
import type { DryRunResponse, ImportBatchResponse, ImportOptions } from './imports.schemas';
import { type ColumnMapping, contactImportFields, customImportFields, validateMapping } from './row-mapper';
import { acceptedExtension, importFilePath, removeUpload, saveUpload, uploadExists } from './upload-store';

/** Queue name of the import job. */
export const IMPORT_JOB = 'customers.import';
/** Rows shown by upload and dry run. */
const PREVIEW_ROWS = 20;
/** Errors a dry run lists at most (the count is always complete). */
const MAX_DRY_RUN_ERRORS = 10_000;
/** Rows validated per chunk of a dry run. */
const DRY_RUN_CHUNK = 1_000;

/** Who started a request: the id written into audit rows, and the client address. */
export interface Origin {
  requestId: string;
  ip: string;
}

/** The audit request id of everything an import wrote: undo finds its updates by it. */
export const importRequestId = (batchId: string) => `import:${batchId}`;

/** The header row, kept as rejection row 1 so downloads can repeat it after the file is deleted. */
const HEADER_ROW = 1;

async function loadBatch(ctx: RequestContext, id: string): Promise<repo.ImportBatchRow> {
  const row = await repo.findVisibleBatch(ctx.tx, ctx.actor, id);
  if (!row) throw notFound('Import');
  return row;
}

/** The file's header row, from the stored copy (kept even after the file is deleted). */
async function storedHeaders(ctx: RequestContext, batchId: string): Promise<string[]> {
  const [first] = await repo.listRejections(ctx.tx, batchId, HEADER_ROW - 1, 1);
  return first?.rowNumber === HEADER_ROW ? first.raw : [];
}

/** Loads what every row of an import is checked against: region and custom fields. */
export async function loadImportSetup(
  ctx: RequestContext,
  batch: repo.ImportBatchRow,
  mapping: ColumnMapping,
  policy: DedupPolicy,
): Promise<ImportSetup> {
  const [region, contactFields, companyFields] = [
    await findWorkspaceRegion(ctx.tx, ctx.actor.tenantId),
    await loadCustomFields(ctx.tx, 'contact'),
    await loadCustomFields(ctx.tx, 'company'),
  ];
  return {
    batchId: batch.id,
    policy,
    mapping,
    region,
    contactFields,
    companyFields,
    customByKey: new Map(contactFields.map((f) => [f.key, f])),
  };
}

/**
 * Receives an uploaded CSV/XLSX: streams it to the upload store (never whole in memory), reads its
 * header row and first rows, proposes a column mapping (zh/en header names and custom field
 * labels) and records the import as `uploaded`.
 */
export async function receiveUpload(
  platform: Platform,
  actor: Actor,
  origin: Origin,
  file: { filename: string; stream: Readable },
) {
  const ext = acceptedExtension(file.filename);
  if (!ext) {
    file.stream.resume();
    throw new AppError('unsupported_media_type', 'Upload a .csv, .tsv, .txt or .xlsx file');
  }
  const batchId = newId();
  const target = importFilePath(platform.config, actor.tenantId, batchId, ext);
  await saveUpload(file.stream, target);
  try {
    const head = await readHead(target, file.filename, PREVIEW_ROWS).catch(() => {
      throw invalid([
        { field: 'file', code: 'unreadable', message: 'The file is not a readable CSV or XLSX file' },
      ]);
    });
    if (head.headers.length === 0) {
      throw invalid([
        {
          field: 'file',
          code: 'empty_file',
          message: 'The file has no rows; the first row must name the columns',
        },
      ]);
    }
    return await runAs(platform, actor, origin, async (ctx) => {
      const customFields = await loadCustomFields(ctx.tx, 'contact');
      const fields = contactImportFields(customFields);
      const auto = autoMapHeaders(head.headers, customImportFields(customFields), CONTACT_IMPORT_FIELDS);
      const mapping: ColumnMapping = Object.fromEntries(Object.entries(auto).map(([k, v]) => [String(k), v]));
      const batch = await repo.insertBatch(ctx.tx, {
        tenantId: actor.tenantId,
        id: batchId,
        objectType: 'contact',
        filename: file.filename,
        filePath: target,
        status: 'uploaded',
        mapping,
        createdBy: actor.userId,
      });
      await repo.insertRejections(ctx.tx, actor.tenantId, batchId, [
        { rowNumber: HEADER_ROW, raw: head.headers, reasons: [] },
      ]);
      await recordChange(ctx, {
        action: 'create',
        objectType: 'import_batch',
        objectId: batchId,
        before: null,
        after: { filename: file.filename, encoding: head.encoding },
      });
      const labels = new Map(customFields.map((f) => [f.key, f]));
      return {
        ...presentBatch(batch),
        columns: presentColumns(head.headers, mapping),
        preview: head.rows,
        fields: fields.map((f) => ({
          key: f.key,
          labelZh: labels.get(f.key)?.labelZh ?? f.synonyms?.[0] ?? f.key,
          labelEn: labels.get(f.key)?.labelEn ?? f.synonyms?.find((s) => /^[a-z]/i.test(s)) ?? f.key,
          multiple: !!f.multiple,
        })),
      };
    });
  } catch (err) {
    await removeUpload(target);
    throw err;
  }
}

/** One import with its columns. */
export async function getImport(ctx: RequestContext, id: string) {
  const batch = await loadBatch(ctx, id);
  return {
    ...presentBatch(batch),
    columns: presentColumns(await storedHeaders(ctx, id), batch.mapping ?? {}),
  };
}

/** Imports the actor may see (their own; a manager's team's; all for admins), newest first. */
export async function listImports(ctx: RequestContext, query: { limit: number; cursor?: string }) {
  const before = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await repo.listVisibleBatches(ctx.tx, ctx.actor, {
    limit: query.limit + 1,
    before: before ? { createdAt: String(before[0]), id: String(before[1]) } : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor([new Date(last.createdAt).toISOString(), last.id])
      : null;
  return { data: page.map(presentBatch), nextCursor };
}

/** Checks the options of a dry run or run against the file and the workspace's fields. */
async function resolveOptions(ctx: RequestContext, batch: repo.ImportBatchRow, options: ImportOptions) {
  const headers = await storedHeaders(ctx, batch.id);
  const mapping = options.mapping ?? batch.mapping ?? {};
  const customFields = await loadCustomFields(ctx.tx, 'contact');
  const errors = validateMapping(mapping, headers.length, contactImportFields(customFields));
  if (errors.length > 0) throw invalid(errors, 'The column mapping cannot be used');
  const policy = (options.dedupPolicy ?? batch.dedupPolicy) as DedupPolicy;
  return { mapping, policy };
}

async function requireFile(batch: repo.ImportBatchRow): Promise<string> {
  if (!batch.filePath || !(await uploadExists(batch.filePath))) {
    throw new AppError(
      'conflict',
      'The uploaded file of this import is no longer available; upload it again',
    );
  }
  return batch.filePath;
}

/**
 * Reads the whole file without writing contacts: every row is validated exactly as the import will
 * validate it, the first rows are returned as they would be stored, every error is listed (up to
 * 10,000; the counts are complete), and duplicates within the file and against the workspace are
 * counted. Stores the mapping and policy for the run.
 */
export async function dryRun(
  platform: Platform,
  actor: Actor,
  origin: Origin,
  id: string,
  options: ImportOptions,
): Promise<DryRunResponse> {
  const { batch, setup } = await runAs(platform, actor, origin, async (ctx) => {
    const found = await loadBatch(ctx, id);
    if (found.status !== 'uploaded' && found.status !== 'failed') {
      throw new AppError(
        'conflict',
        `This import is ${found.status}; a dry run is only possible before it runs`,
      );
    }
    const { mapping, policy } = await resolveOptions(ctx, found, options);
    const updated = await repo.updateBatch(ctx.tx, id, { mapping, dedupPolicy: policy });
    return { batch: updated ?? found, setup: await loadImportSetup(ctx, found, mapping, policy) };
  });
  const file = await requireFile(batch);
  const out: DryRunResponse = {
    totalRows: 0,
    validRows: 0,
    invalidRows: 0,
    duplicatesInFile: 0,
    matchesInDatabase: 0,
    preview: [],
    errors: [],
    errorsTruncated: false,
  };
  const seen = new Set<string>();
  for await (const chunk of chunked(dataRows(file, batch.filename), DRY_RUN_CHUNK)) {
    const phoneKeys: string[] = [];
    const emailKeys: string[] = [];
    const rowKeys: string[][] = [];
    for (const row of chunk) {
      out.totalRows++;
      const r = validateRow(row, setup, { tenantId: actor.tenantId, actorId: actor.userId });
      if (isRejected(r)) {
        out.invalidRows++;
        for (const reason of r.reasons) {
          if (out.errors.length < MAX_DRY_RUN_ERRORS) out.errors.push({ row: r.rowNumber, ...reason });
          else out.errorsTruncated = true;
        }
        if (out.preview.length < PREVIEW_ROWS)
          out.preview.push({ row: r.rowNumber, contact: null, errors: r.reasons });
        continue;
      }
      out.validRows++;
      const p = r.prepared.row;
      const keys = [...(p.phoneKeys ?? []).map((k) => `p:${k}`), ...(p.emailKeys ?? []).map((k) => `e:${k}`)];
      if (keys.some((k) => seen.has(k))) out.duplicatesInFile++;
      for (const k of keys) seen.add(k);
      phoneKeys.push(...(p.phoneKeys ?? []));
      emailKeys.push(...(p.emailKeys ?? []));
      rowKeys.push(keys);
      if (out.preview.length < PREVIEW_ROWS) {
        out.preview.push({
          row: r.rowNumber,
          contact: {
            name: p.name,
            gender: p.gender ?? null,
            title: p.title ?? null,
            phones: p.phones,
            emails: p.emails,
            addresses: p.addresses,
            birthday: p.birthday ?? null,
            source: p.source ?? null,
            tags: p.tags,
            notes: p.notes ?? null,
            custom: p.custom,
            companyName: r.mapped.companyName,
          },
          errors: [],
        });
      }
    }
    if (phoneKeys.length + emailKeys.length > 0) {
      const existing = await runAs(platform, actor, origin, (ctx) =>
        repo.findContactKeys(ctx.tx, ctx.actor.tenantId, phoneKeys, emailKeys),
      );
      const held = new Set(
        existing.flatMap((c) => [...c.phoneKeys.map((k) => `p:${k}`), ...c.emailKeys.map((k) => `e:${k}`)]),
      );
      out.matchesInDatabase += rowKeys.filter((keys) => keys.some((k) => held.has(k))).length;
    }
  }
  if (out.totalRows > 0)
    await runAs(platform, actor, origin, (ctx) => repo.updateBatch(ctx.tx, id, { totalRows: out.totalRows }));
  return out;
}

/**
 * Starts the import: stores mapping and policy, marks it `queued` and hands it to the job queue,
 * where any worker node runs it. A failed import can be run again: it resumes after the last row
 * it committed.
 */
export async function startImport(
  platform: Platform,
  actor: Actor,
  origin: Origin,
  id: string,
  options: ImportOptions,
): Promise<ImportBatchResponse> {
  const batch = await runAs(platform, actor, origin, async (ctx) => {
    const found = await loadBatch(ctx, id);
    if (!['uploaded', 'failed', 'queued'].includes(found.status)) {
      throw new AppError('conflict', `This import is already ${found.status}`);
    }
    await requireFile(found);
    const { mapping, policy } = await resolveOptions(ctx, found, options);
    if (
      found.status === 'failed' &&
      found.processedRows > 0 &&
      (policy !== found.dedupPolicy || JSON.stringify(mapping) !== JSON.stringify(found.mapping))
    ) {
      throw new AppError(
        'conflict',
        'This import already wrote rows; run it again with the same mapping and policy, or undo it first',
      );
    }
    const queued = await repo.updateBatch(
      ctx.tx,
      id,
      { status: 'queued', mapping, dedupPolicy: policy, error: null },
      [found.status],
    );
    if (!queued) throw new AppError('conflict', 'This import was started by someone else just now');
    await recordChange(ctx, {
      action: 'run',
      objectType: 'import_batch',
      objectId: id,
      before: null,
      after: { mapping, dedupPolicy: policy },
    });
    return queued;
  });
  await platform.jobs.send(IMPORT_JOB, { tenantId: actor.tenantId, batchId: id }, { singletonKey: id });
  return presentBatch(batch);
}

/** The progress of one import, for polling and server-sent events. */
export async function importProgress(ctx: RequestContext, id: string): Promise<ImportBatchResponse> {
  return presentBatch(await loadBatch(ctx, id));
}

/** Whether an import will change no more. */
export const isSettled = (status: string) => ['completed', 'failed', 'undone', 'uploaded'].includes(status);

/** Streams the rejected rows of an import, a page at a time. */
export async function* rejectionRows(
  platform: Platform,
  actor: Actor,
  origin: Origin,
  id: string,
): AsyncGenerator<string[]> {
  const headers = await runAs(platform, actor, origin, async (ctx) => {
    await loadBatch(ctx, id);
    return storedHeaders(ctx, id);
  });
  yield ['行号 / Row', ...headers, '错误原因 / Reason'];
  let after = HEADER_ROW;
  for (;;) {
    const page = await runAs(platform, actor, origin, (ctx) => repo.listRejections(ctx.tx, id, after, 1_000));
    for (const r of page) {
      const reason = r.reasons.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
      yield [String(r.rowNumber), ...headers.map((_, i) => r.raw[i] ?? ''), reason];
    }
    if (page.length < 1_000) return;
    after = page[page.length - 1].rowNumber;
  }
}

type PresentedContact = ReturnType<typeof presentContact>;

/**
 * The values to write back for one contact an import updated: each field the import changed is
 * set back to its value before the import, unless someone changed it again since (then the later
 * edit is kept). Null when nothing is to revert.
 */
function revertValues(
  current: repo.ContactRow,
  before: PresentedContact,
  after: PresentedContact,
): Partial<repo.NewContactRow> | null {
  const now = presentContact(current) as Record<string, unknown>;
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const fields = [
    'name',
    'gender',
    'title',
    'phones',
    'emails',
    'addresses',
    'birthday',
    'source',
    'tags',
    'notes',
    'custom',
    'companyName',
    'primaryCompanyId',
  ];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const back: Record<string, unknown> = {};
  for (const f of fields) if (!same(a[f], b[f]) && same(now[f], a[f])) back[f] = b[f];
  if (Object.keys(back).length === 0) return null;
  const values = { ...current, ...back } as repo.ContactRow;
  const phones = values.phones as StoredPhone[];
  const emails = values.emails as StoredEmail[];
  const addresses = values.addresses as StoredAddress[];
  const phoneKeys = phoneKeysOf(phones);
  const emailKeys = emails.map((e) => e.address);
  return {
    ...(back as Partial<repo.NewContactRow>),
    phoneKeys,
    emailKeys,
    phone: phones[0]?.number ?? null,
    email: emails[0]?.address ?? null,
    ...regionCodesOf(addresses.find((x) => x.provinceCode) ?? addresses[0]),
    ...contactSearchColumns({ name: values.name, phoneKeys, emailKeys, companyName: values.companyName }),
  };
}

/**
 * Undoes an import in one transaction: the contacts it created are deleted (restorable), the
 * contacts it updated get back the values they had before (fields edited since are left alone),
 * each change audited with the undo's request id. The import is marked `undone`.
 */
export async function undoImport(ctx: RequestContext, id: string) {
  const batch = await loadBatch(ctx, id);
  if (batch.status !== 'completed' && batch.status !== 'failed') {
    throw new AppError('conflict', `An import that is ${batch.status} cannot be undone`);
  }
  let deletedCount = 0;
  for (;;) {
    const live = await repo.findLiveBatchContacts(ctx.tx, id, 1_000);
    if (live.length === 0) break;
    const deleted = await repo.softDeleteContacts(
      ctx.tx,
      live.map((c) => c.id),
      ctx.actor.userId,
    );
    const beforeById = new Map(live.map((c) => [c.id, c]));
    await recordChanges(
      ctx,
      deleted.map((row) => ({
        action: 'delete',
        objectType: 'contact',
        objectId: row.id,
        before: presentContact(beforeById.get(row.id) as repo.ContactRow),
        after: presentContact(row),
        event: 'contact.deleted',
        payload: { reason: 'import_undo', importBatchId: id },
      })),
    );
    deletedCount += deleted.length;
  }
  const updates = await repo.findImportUpdates(ctx.tx, importRequestId(id));
  const currentById = new Map(
    (await repo.findContactsByIds(ctx.tx, [...new Set(updates.map((u) => u.objectId))])).map((c) => [
      c.id,
      c,
    ]),
  );
  const changes: Change[] = [];
  // Newest update first, so a record updated twice by the import ends at its oldest before-image.
  for (const u of [...updates].reverse()) {
    const current = currentById.get(u.objectId);
    if (!current || current.deletedAt || !u.before || !u.after) continue;
    const values = revertValues(current, u.before as PresentedContact, u.after as PresentedContact);
    if (!values) continue;
    const row = await repo.updateContactValues(ctx.tx, current.id, {
      ...values,
      updatedBy: ctx.actor.userId,
    });
    if (!row) continue;
    currentById.set(row.id, row);
    changes.push({
      action: 'update',
      objectType: 'contact',
      objectId: row.id,
      before: presentContact(current),
      after: presentContact(row),
      event: 'contact.updated',
    });
  }
  await recordChanges(ctx, changes);
  const undone = await repo.updateBatch(ctx.tx, id, { status: 'undone', undoneAt: new Date() }, [
    batch.status,
  ]);
  if (!undone) throw new AppError('conflict', 'This import changed while undoing it; try again');
  await recordChange(ctx, {
    action: 'undo',
    objectType: 'import_batch',
    objectId: id,
    before: null,
    after: { deletedCount, revertedCount: new Set(changes.map((c) => c.objectId)).size },
    event: 'import.undone',
  });
  return {
    ...presentBatch(undone),
    deletedCount,
    revertedCount: new Set(changes.map((c) => c.objectId)).size,
  };
}
