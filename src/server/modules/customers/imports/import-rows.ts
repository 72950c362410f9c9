import { ownsOrSees } from '../../../platform/access/scope';
import { type Change, recordChanges } from '../../../platform/audit/record-change';
import { newId } from '../../../platform/db/ids';
import { AppError, type FieldError } from '../../../platform/http/errors';
import type { RequestContext } from '../../../platform/http/request-context';
import { presentCompany } from '../companies.presenter';
import { prepareCompanyRow } from '../company-input';
import type { CompanyLink } from '../contact-companies.repo';
import { type PreparedContact, prepareContactRow } from '../contact-input';
import { presentContact } from '../contacts.presenter';
import type { CustomFieldDef } from '../custom-field-values';
import { verifyCustomChecks } from '../customer-writes';
import * as repo from './imports.repo';
import { type ColumnMapping, type MappedRow, mapRow, mergeRows } from './row-mapper';

/** What to do with a row whose phone or e-mail already belongs to a contact (or to an earlier row). */
export type DedupPolicy = 'skip' | 'update' | 'create';

/** One data row of the file: its 1-based line in the sheet (the header is row 1) and its cells. */
export interface SourceRow {
  rowNumber: number;
  cells: string[];
}

/** Everything a chunk needs that stays the same for the whole import. */
export interface ImportSetup {
  batchId: string;
  policy: DedupPolicy;
  mapping: ColumnMapping;
  region: string;
  contactFields: readonly CustomFieldDef[];
  companyFields: readonly CustomFieldDef[];
  customByKey: ReadonlyMap<string, CustomFieldDef>;
}

/** A row that passed validation. */
export interface ValidRow {
  rowNumber: number;
  mapped: MappedRow;
  prepared: PreparedContact;
}

/** A row that did not, with every reason. */
export interface RejectedRow {
  rowNumber: number;
  raw: string[];
  reasons: FieldError[];
}

/** Outcome counts of one chunk. */
export interface ChunkOutcome {
  created: number;
  updated: number;
  skipped: number;
  rejected: RejectedRow[];
}

/**
 * Maps and validates one row exactly as `POST /contacts` validates its body (prepareContactRow):
 * pure, no database. Returns the prepared row or the reasons it is rejected.
 */
export function validateRow(
  row: SourceRow,
  setup: ImportSetup,
  env: { tenantId: string; actorId: string },
): ValidRow | RejectedRow {
  const mapped = mapRow(row.cells, setup.mapping, setup.customByKey);
  try {
    const prepared = prepareContactRow(mapped.input, {
      tenantId: env.tenantId,
      region: setup.region,
      customFields: setup.contactFields,
      actorId: env.actorId,
      companyName: mapped.companyName,
    });
    return { rowNumber: row.rowNumber, mapped, prepared };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      return {
        rowNumber: row.rowNumber,
        raw: row.cells,
        reasons: err.details.errors ?? [{ field: '', code: 'invalid', message: err.message }],
      };
    }
    throw err;
  }
}

/** Whether a validation outcome is a rejection. */
export function isRejected(r: ValidRow | RejectedRow): r is RejectedRow {
  return 'reasons' in r;
}

const keysOf = (p: PreparedContact) => [
  ...(p.row.phoneKeys ?? []).map((k) => `p:${k}`),
  ...(p.row.emailKeys ?? []).map((k) => `e:${k}`),
];

interface PendingCreate {
  first: ValidRow;
  mapped: MappedRow;
  prepared: PreparedContact;
}

interface PendingUpdate {
  current: repo.ContactKeys;
  mapped: MappedRow;
  firstRow: number;
}

/** A chunk after validation (pure, no database): ready for {@link importChunk}. */
export interface ValidatedChunk {
  rows: readonly SourceRow[];
  valid: ValidRow[];
  rejected: RejectedRow[];
}

/** Rows validated between two yields to the event loop. */
const VALIDATE_SLICE = 100;

/**
 * Validates a chunk like the API validates a body, without the database. It yields to the event
 * loop every 100 rows, so the job can validate the next chunk while the previous one is written
 * (the database's answers are handled in between instead of waiting for the whole chunk).
 */
export async function validateChunk(
  setup: ImportSetup,
  rows: readonly SourceRow[],
  env: { tenantId: string; actorId: string },
): Promise<ValidatedChunk> {
  const out: ValidatedChunk = { rows, valid: [], rejected: [] };
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % VALIDATE_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const r = validateRow(rows[i], setup, env);
    if (isRejected(r)) out.rejected.push(r);
    else out.valid.push(r);
  }
  return out;
}

/**
 * Imports one validated chunk in the caller's transaction: resolve duplicates (against the
 * workspace by normalized phone / e-mail, and within the file) by the policy, find or create the
 * named companies, then write all new contacts in one statement, updates one by one, and the
 * audit rows and outbox events of all of them in two statements.
 */
export async function importChunk(
  ctx: RequestContext,
  setup: ImportSetup,
  chunk: ValidatedChunk,
): Promise<ChunkOutcome> {
  const { actor } = ctx;
  const { rows, valid } = chunk;
  const outcome: ChunkOutcome = { created: 0, updated: 0, skipped: 0, rejected: [...chunk.rejected] };
  // Custom values that only the database can check (members, lookups, uniqueness): rare, per row.
  const checked: ValidRow[] = [];
  for (const r of valid) {
    const { users, lookups, unique } = r.prepared.checks;
    if (users.length + lookups.length + unique.length === 0) {
      checked.push(r);
      continue;
    }
    try {
      await verifyCustomChecks(ctx, 'contact', r.prepared.checks, undefined);
      checked.push(r);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const cells = rows.find((x) => x.rowNumber === r.rowNumber)?.cells ?? [];
      outcome.rejected.push({ rowNumber: r.rowNumber, raw: cells, reasons: err.details.errors ?? [] });
    }
  }

  const existingByKey = new Map<string, repo.ContactKeys>();
  if (setup.policy !== 'create') {
    const phoneKeys = new Set<string>();
    const emailKeys = new Set<string>();
    for (const r of checked) {
      for (const k of r.prepared.row.phoneKeys ?? []) phoneKeys.add(k);
      for (const k of r.prepared.row.emailKeys ?? []) emailKeys.add(k);
    }
    for (const c of await repo.findContactKeys(ctx.tx, ctx.actor.tenantId, [...phoneKeys], [...emailKeys])) {
      for (const k of [...c.phoneKeys.map((x) => `p:${x}`), ...c.emailKeys.map((x) => `e:${x}`)]) {
        if (!existingByKey.has(k)) existingByKey.set(k, c);
      }
    }
  }

  const creates: PendingCreate[] = [];
  const createByKey = new Map<string, PendingCreate>();
  const updates = new Map<string, PendingUpdate>();
  for (const r of checked) {
    const keys = keysOf(r.prepared);
    if (setup.policy === 'create') {
      creates.push({ first: r, mapped: r.mapped, prepared: r.prepared });
      continue;
    }
    const existing = keys.map((k) => existingByKey.get(k)).find(Boolean);
    if (existing) {
      if (setup.policy === 'skip' || !ownsOrSees(actor, existing.ownerId)) {
        outcome.skipped++;
        continue;
      }
      const pending = updates.get(existing.id);
      if (pending) pending.mapped = mergeRows(pending.mapped, r.mapped);
      else updates.set(existing.id, { current: existing, mapped: r.mapped, firstRow: r.rowNumber });
      continue;
    }
    const earlier = keys.map((k) => createByKey.get(k)).find(Boolean);
    if (!earlier) {
      const pending = { first: r, mapped: r.mapped, prepared: r.prepared };
      creates.push(pending);
      for (const k of keys) createByKey.set(k, pending);
      continue;
    }
    if (setup.policy === 'skip') {
      outcome.skipped++;
      continue;
    }
    const merged = validateMerged(earlier, r, setup, ctx);
    if (isRejected(merged)) {
      outcome.rejected.push(merged);
      continue;
    }
    outcome.skipped++; // folded into the earlier row of the file
    for (const k of keysOf(earlier.prepared)) createByKey.set(k, earlier);
  }

  const companyIds = await resolveCompanies(ctx, setup, [
    ...creates.map((c) => c.mapped.companyName),
    ...[...updates.values()].map((u) => u.mapped.companyName),
  ]);
  const changes: Change[] = [];

  const now = new Date();
  const inserted = await repo.insertContacts(
    ctx.tx,
    creates.map((c) => {
      const company = c.mapped.companyName ? companyIds.get(c.mapped.companyName) : undefined;
      return {
        ...c.prepared.row,
        id: newId(),
        companyName: c.mapped.companyName,
        primaryCompanyId: company?.id ?? null,
        importBatchId: setup.batchId,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
  const links: CompanyLink[] = inserted
    .filter((c) => c.primaryCompanyId)
    .map((c) => ({
      contactId: c.id,
      companyId: c.primaryCompanyId as string,
      companyName: c.companyName ?? '',
      role: null,
      isPrimary: true,
    }));
  await repo.insertPrimaryLinks(ctx.tx, actor.tenantId, links);
  const linkOf = new Map(links.map((l) => [l.contactId, l]));
  for (const row of inserted) {
    const link = linkOf.get(row.id);
    changes.push({
      action: 'create',
      objectType: 'contact',
      objectId: row.id,
      before: null,
      after: presentContact(row, link ? [link] : []),
      event: 'contact.created',
    });
  }
  outcome.created = inserted.length;

  const currentRows = new Map(
    (await repo.findContactsByIds(ctx.tx, [...updates.keys()])).map((c) => [c.id, c]),
  );
  for (const u of updates.values()) {
    const current = currentRows.get(u.current.id);
    if (!current) continue;
    const change = await applyUpdate(ctx, setup, { ...u, current }, companyIds);
    if (change === 'rejected') continue;
    if (change) {
      changes.push(change);
      outcome.updated++;
    } else outcome.skipped++;
  }
  await recordChanges(ctx, changes);
  return outcome;

  function validateMerged(
    earlier: PendingCreate,
    later: ValidRow,
    s: ImportSetup,
    c: RequestContext,
  ): ValidRow | RejectedRow {
    const mapped = mergeRows(earlier.mapped, later.mapped);
    try {
      const prepared = prepareContactRow(mapped.input, {
        tenantId: c.actor.tenantId,
        region: s.region,
        customFields: s.contactFields,
        actorId: c.actor.userId,
        companyName: mapped.companyName,
      });
      earlier.mapped = mapped;
      earlier.prepared = prepared;
      return { rowNumber: later.rowNumber, mapped, prepared };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const cells = rows.find((x) => x.rowNumber === later.rowNumber)?.cells ?? [];
      return { rowNumber: later.rowNumber, raw: cells, reasons: err.details.errors ?? [] };
    }
  }
}

/** Values an update writes that a person would notice; `version` and timestamps are bookkeeping. */
function sameContent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const strip = ({ version: _v, updatedAt: _u, updatedBy: _b, ...rest }: Record<string, unknown>) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}

/**
 * Policy `update`: the row's non-empty values overwrite the stored ones; its phones, e-mails and
 * tags are added to the stored lists. Returns the audit change, null when nothing changed, or
 * 'rejected' when the combined record would be invalid (the row then counts as skipped).
 */
async function applyUpdate(
  ctx: RequestContext,
  setup: ImportSetup,
  u: Omit<PendingUpdate, 'current'> & { current: repo.ContactRow },
  companyIds: ReadonlyMap<string, { id: string; name: string }>,
): Promise<Change | null | 'rejected'> {
  const { current } = u;
  const input: Record<string, unknown> = { ...u.mapped.input };
  const plus = <T>(stored: T[], given: T[] | undefined, key: (v: T) => string) =>
    given ? [...stored, ...given.filter((g) => !stored.some((s) => key(s) === key(g)))] : undefined;
  const phones = plus(
    current.phones.map((p) => ({ type: p.type, number: p.number.split(';')[0] })),
    u.mapped.input.phones as Array<{ type: 'mobile'; number: string }> | undefined,
    (p) => p.number,
  );
  if (phones) input.phones = phones;
  const emails = plus(
    current.emails,
    u.mapped.input.emails as Array<{ type: 'work'; address: string }> | undefined,
    (e) => e.address.toLowerCase(),
  );
  if (emails) input.emails = emails;
  const tags = plus(current.tags, u.mapped.input.tags, (t) => t);
  if (tags) input.tags = tags;
  if (u.mapped.input.custom) input.custom = u.mapped.input.custom;
  const company = u.mapped.companyName ? companyIds.get(u.mapped.companyName) : undefined;
  let prepared: PreparedContact;
  try {
    prepared = prepareContactRow(input, {
      tenantId: ctx.actor.tenantId,
      region: setup.region,
      customFields: setup.contactFields,
      actorId: ctx.actor.userId,
      current,
      companyName: u.mapped.companyName ?? undefined,
    });
  } catch (err) {
    if (err instanceof AppError) return 'rejected';
    throw err;
  }
  const { tenantId: _t, ownerId: _o, ...values } = prepared.row;
  const next = {
    ...values,
    ...(u.mapped.companyName
      ? { companyName: u.mapped.companyName, primaryCompanyId: company?.id ?? current.primaryCompanyId }
      : {}),
  };
  const before = presentContact(current);
  const candidate = presentContact({ ...current, ...next } as repo.ContactRow);
  if (sameContent(before, candidate)) return null;
  const row = await repo.updateContactValues(ctx.tx, current.id, next);
  if (!row) return null;
  if (company && company.id !== current.primaryCompanyId)
    await repo.setPrimaryCompany(ctx.tx, ctx.actor.tenantId, row.id, company.id);
  return {
    action: 'update',
    objectType: 'contact',
    objectId: row.id,
    before,
    after: presentContact(row),
    event: 'contact.updated',
  };
}

/**
 * Finds the live companies named in the chunk (exact name), creating those that do not exist yet
 * (audited as created by the import). A name that would not make a valid company is left unlinked:
 * the contact keeps it as its company name.
 */
async function resolveCompanies(
  ctx: RequestContext,
  setup: ImportSetup,
  names: Array<string | null>,
): Promise<Map<string, { id: string; name: string }>> {
  const wanted = [...new Set(names.filter((n): n is string => !!n))];
  const found = new Map<string, { id: string; name: string }>();
  if (wanted.length === 0) return found;
  for (const c of await repo.findCompaniesByName(ctx.tx, wanted))
    if (!found.has(c.name)) found.set(c.name, c);
  const missing = wanted.filter((n) => !found.has(n));
  const now = new Date();
  const rows = [];
  for (const name of missing) {
    try {
      const prepared = prepareCompanyRow(
        { name },
        {
          tenantId: ctx.actor.tenantId,
          region: setup.region,
          customFields: setup.companyFields,
          actorId: ctx.actor.userId,
        },
      );
      rows.push({
        ...prepared.row,
        id: newId(),
        importBatchId: setup.batchId,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  const created = await repo.insertCompanies(ctx.tx, rows);
  for (const c of created) found.set(c.name, { id: c.id, name: c.name });
  await recordChanges(
    ctx,
    created.map((c) => ({
      action: 'create',
      objectType: 'company',
      objectId: c.id,
      before: null,
      after: presentCompany(c),
      event: 'company.created',
    })),
  );
  return found;
}
