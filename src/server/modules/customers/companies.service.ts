import { recordChange } from '../../platform/audit/record-change';
import { newId } from '../../platform/db/ids';
import { encodeCursor } from '../../platform/filter';
import { AppError, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { presentCompany } from './companies.presenter';
import * as repo from './companies.repo';
import type { CompanyResponse } from './companies.schemas';
import { prepareCompanyRow } from './company-input';
import * as links from './contact-companies.repo';
import { contactSearchColumns } from './contact-input';
import { presentContact } from './contacts.presenter';
import * as contactsRepo from './contacts.repo';
import type { ContactResponse } from './contacts.schemas';
import { type ListParams, planList } from './customer-list';
import { checkOwner, loadObjectEnv, verifyCustomChecks } from './customer-writes';

const OBJECT = 'company';
const SYNC_BATCH = 500;

async function loadForWrite(
  ctx: RequestContext,
  id: string,
  includeDeleted = false,
): Promise<repo.CompanyRow> {
  const row = await repo.findVisibleCompany(ctx.tx, ctx.actor, id, includeDeleted);
  if (!row) throw notFound('Company');
  return row;
}

function stale(current: repo.CompanyRow): AppError {
  return new AppError(
    'precondition_failed',
    'This company was changed by someone else; reload it and apply your change again',
    {
      extra: { current: presentCompany(current) },
      headers: { etag: `W/"${current.version}"` },
    },
  );
}

/** Creates a company through the one write path. */
export async function createCompany(ctx: RequestContext, input: unknown): Promise<CompanyResponse> {
  const env = await loadObjectEnv(ctx, OBJECT);
  const { actor } = ctx;
  const prepared = prepareCompanyRow(input, {
    tenantId: actor.tenantId,
    region: env.region,
    customFields: env.customFields,
    actorId: actor.userId,
  });
  await checkOwner(ctx, prepared.row.ownerId);
  await verifyCustomChecks(ctx, OBJECT, prepared.checks, undefined);
  const row = await repo.insertCompany(ctx.tx, { ...prepared.row, id: newId(), createdBy: actor.userId });
  const after = presentCompany(row);
  await recordChange(ctx, {
    action: 'create',
    objectType: OBJECT,
    objectId: row.id,
    before: null,
    after,
    event: 'company.created',
  });
  return after;
}

/** One company within the actor's reach. */
export async function getCompany(ctx: RequestContext, id: string): Promise<CompanyResponse> {
  return presentCompany(await loadForWrite(ctx, id));
}

/**
 * Applies a partial change with optimistic concurrency. A rename is carried, in the same
 * transaction, to the contacts whose primary company this is (`companyName` and their search).
 */
export async function updateCompany(
  ctx: RequestContext,
  id: string,
  input: unknown,
  expectedVersion: number | undefined,
): Promise<CompanyResponse> {
  const current = await loadForWrite(ctx, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(current);
  const env = await loadObjectEnv(ctx, OBJECT);
  const { actor } = ctx;
  const prepared = prepareCompanyRow(input, {
    tenantId: actor.tenantId,
    region: env.region,
    customFields: env.customFields,
    actorId: actor.userId,
    current,
  });
  if (prepared.row.ownerId !== current.ownerId) await checkOwner(ctx, prepared.row.ownerId);
  await verifyCustomChecks(ctx, OBJECT, prepared.checks, id);
  const { tenantId: _tenant, ...changes } = prepared.row;
  const row = await repo.updateCompanyRow(ctx.tx, id, changes, current.version);
  if (!row) throw stale((await repo.findVisibleCompany(ctx.tx, actor, id)) ?? current);
  if (row.name !== current.name) await syncContactsCompanyName(ctx, id, row.name);
  const after = presentCompany(row);
  await recordChange(ctx, {
    action: 'update',
    objectType: OBJECT,
    objectId: id,
    before: presentCompany(current),
    after,
    event: 'company.updated',
  });
  return after;
}

/** Rewrites `company_name` and the search columns of every contact whose primary company this is. */
async function syncContactsCompanyName(ctx: RequestContext, companyId: string, name: string): Promise<void> {
  const rows = await contactsRepo.findContactsByPrimaryCompany(ctx.tx, companyId);
  for (let i = 0; i < rows.length; i += SYNC_BATCH) {
    const batch = rows
      .slice(i, i + SYNC_BATCH)
      .map((c) => ({ id: c.id, ...contactSearchColumns({ ...c, companyName: name }) }));
    await contactsRepo.updateContactsCompanyName(ctx.tx, name, batch);
  }
}

/** Soft-deletes a company (restorable); links to contacts stay. */
export async function deleteCompany(
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<void> {
  const current = await loadForWrite(ctx, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(current);
  const row = await repo.updateCompanyRow(
    ctx.tx,
    id,
    { deletedAt: new Date(), updatedBy: ctx.actor.userId },
    current.version,
  );
  if (!row) throw stale(current);
  await recordChange(ctx, {
    action: 'delete',
    objectType: OBJECT,
    objectId: id,
    before: presentCompany(current),
    after: presentCompany(row),
    event: 'company.deleted',
  });
}

/** Brings a soft-deleted company back; restoring a live one changes nothing. */
export async function restoreCompany(ctx: RequestContext, id: string): Promise<CompanyResponse> {
  const current = await loadForWrite(ctx, id, true);
  if (!current.deletedAt) return presentCompany(current);
  const row = await repo.updateCompanyRow(
    ctx.tx,
    id,
    // A merged record restored is its own customer again: no longer "merged into" the survivor.
    { deletedAt: null, mergedInto: null, updatedBy: ctx.actor.userId },
    current.version,
  );
  if (!row) throw stale(current);
  const after = presentCompany(row);
  await recordChange(ctx, {
    action: 'restore',
    objectType: OBJECT,
    objectId: id,
    before: presentCompany(current),
    after,
    event: 'company.restored',
  });
  return after;
}

/** A page of companies: filter, sort, free text and cursor, always within the actor's scope. */
export async function listCompanies(
  ctx: RequestContext,
  query: ListParams,
): Promise<{ data: CompanyResponse[]; nextCursor: string | null }> {
  const env = await loadObjectEnv(ctx, OBJECT);
  const plan = planList(OBJECT, query, {
    actor: ctx.actor,
    customFields: env.customFields,
    timeZone: env.timeZone,
  });
  const rows = await repo.listCompanyPage(ctx.tx, plan);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(plan.sort, last.sortKey as string[]) : null;
  return { data: page.map(({ sortKey: _key, ...row }) => presentCompany(row)), nextCursor };
}

const CURSOR_RE = /^[0-9a-f-]{36}$/;

/** The live contacts of a company the actor may see, with their role there, by contact id. */
export async function listCompanyContacts(
  ctx: RequestContext,
  id: string,
  query: { limit: number; cursor?: string },
): Promise<{
  data: Array<{ role: string | null; isPrimary: boolean; contact: ContactResponse }>;
  nextCursor: string | null;
}> {
  await loadForWrite(ctx, id);
  const after = query.cursor ? Buffer.from(query.cursor, 'base64url').toString('utf8') : undefined;
  if (after !== undefined && !CURSOR_RE.test(after)) {
    throw invalid([
      { field: 'cursor', code: 'invalid_cursor', message: 'Not a cursor returned by this API' },
    ]);
  }
  const rows = await links.listCompanyContactLinks(ctx.tx, ctx.actor, id, {
    limit: query.limit,
    afterContactId: after,
  });
  const page = rows.slice(0, query.limit);
  const ids = page.map((r) => r.contactId);
  const contacts = new Map(
    (await contactsRepo.findVisibleContacts(ctx.tx, ctx.actor, ids)).map((c) => [c.id, c]),
  );
  const contactLinks = await links.findLinksOfContacts(ctx.tx, ids);
  const data = page.flatMap((link) => {
    const contact = contacts.get(link.contactId);
    return contact
      ? [{ role: link.role, isPrimary: link.isPrimary, contact: presentContact(contact, contactLinks) }]
      : [];
  });
  const last = page.at(-1);
  return {
    data,
    nextCursor: rows.length > query.limit && last ? Buffer.from(last.contactId).toString('base64url') : null,
  };
}
