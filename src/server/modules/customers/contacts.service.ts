import { recordChange } from '../../platform/audit/record-change';
import { newId } from '../../platform/db/ids';
import { encodeCursor } from '../../platform/filter';
import { AppError, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import * as companiesRepo from './companies.repo';
import * as links from './contact-companies.repo';
import {
  type CompanyLinkInput,
  contactSearchColumns,
  invalidInput,
  prepareContactRow,
} from './contact-input';
import { presentContact } from './contacts.presenter';
import * as repo from './contacts.repo';
import type { ContactResponse } from './contacts.schemas';
import { type ListParams, planList } from './customer-list';
import { checkOwner, loadObjectEnv, verifyCustomChecks } from './customer-writes';
import { type DuplicateCandidate, findDuplicateCandidates } from './duplicates.service';

const OBJECT = 'contact';

async function loadForWrite(
  ctx: RequestContext,
  id: string,
  includeDeleted = false,
): Promise<repo.ContactRow> {
  const row = await repo.findVisibleContact(ctx.tx, ctx.actor, id, includeDeleted);
  if (!row) throw notFound('Contact');
  return row;
}

function stale(current: repo.ContactRow, currentLinks: links.CompanyLink[]): AppError {
  return new AppError(
    'precondition_failed',
    'This contact was changed by someone else; reload it and apply your change again',
    {
      extra: { current: presentContact(current, currentLinks) },
      headers: { etag: `W/"${current.version}"` },
    },
  );
}

/**
 * Checks the companies of wanted links are live and visible to the actor, and gives the primary
 * one's id and name for the denormalized columns.
 */
async function resolveCompanies(
  ctx: RequestContext,
  wanted: CompanyLinkInput[],
): Promise<{ primaryCompanyId: string | null; companyName: string | null }> {
  const names = await companiesRepo.findVisibleCompanyNames(
    ctx.tx,
    ctx.actor,
    wanted.map((l) => l.companyId),
  );
  const missing = wanted.flatMap((l, i) =>
    names.has(l.companyId)
      ? []
      : [{ field: `companies.${i}.companyId`, code: 'unknown_company', message: 'No company with this id' }],
  );
  if (missing.length > 0) throw invalidInput(missing);
  const primary = wanted.find((l) => l.isPrimary);
  return {
    primaryCompanyId: primary?.companyId ?? null,
    companyName: primary ? names.get(primary.companyId)! : null,
  };
}

/** Creates a contact through the one write path; `companies` links it to companies. */
export async function createContact(
  ctx: RequestContext,
  input: unknown,
  onDuplicate: OnDuplicate = 'warn',
): Promise<ContactWithDuplicates> {
  const env = await loadObjectEnv(ctx, OBJECT);
  const { actor } = ctx;
  const prepared = prepareContactRow(input, {
    tenantId: actor.tenantId,
    region: env.region,
    customFields: env.customFields,
    actorId: actor.userId,
  });
  await checkOwner(ctx, prepared.row.ownerId);
  await verifyCustomChecks(ctx, OBJECT, prepared.checks, undefined);
  const id = newId();
  const values: repo.NewContactRow = { ...prepared.row, id, createdBy: actor.userId };
  if (prepared.companies?.length) {
    Object.assign(values, await resolveCompanies(ctx, prepared.companies));
    Object.assign(values, contactSearchColumns({ ...prepared.row, companyName: values.companyName ?? null }));
  }
  const duplicates = await checkDuplicates(ctx, values, onDuplicate);
  const row = await repo.insertContact(ctx.tx, values);
  if (prepared.companies?.length)
    await links.replaceContactLinks(ctx.tx, actor.tenantId, id, prepared.companies);
  const after = presentContact(
    row,
    prepared.companies?.length ? await links.findLinksOfContacts(ctx.tx, [id]) : [],
  );
  await recordChange(ctx, {
    action: 'create',
    objectType: OBJECT,
    objectId: id,
    before: null,
    after,
    event: 'contact.created',
  });
  return { ...after, duplicates };
}

/** What to do when a write looks like an existing contact: report it (`warn`) or refuse (`block`, 409). */
export type OnDuplicate = 'warn' | 'block';

/** A written contact plus the existing contacts it looks like. */
export type ContactWithDuplicates = ContactResponse & { duplicates: DuplicateCandidate[] };

/** Same phone, same e-mail, or similar name at the same company as another visible contact. */
async function checkDuplicates(
  ctx: RequestContext,
  probe: { phoneKeys?: string[]; emailKeys?: string[]; name: string; companyName?: string | null },
  onDuplicate: OnDuplicate,
  excludeId?: string,
): Promise<DuplicateCandidate[]> {
  const duplicates = await findDuplicateCandidates(ctx.tx, ctx.actor, OBJECT, {
    phones: probe.phoneKeys ?? [],
    emails: probe.emailKeys ?? [],
    name: probe.name,
    companyName: probe.companyName ?? null,
    excludeId,
  });
  if (duplicates.length > 0 && onDuplicate === 'block') {
    throw new AppError('duplicate_detected', 'This contact looks like one that already exists', {
      extra: { candidates: duplicates },
    });
  }
  return duplicates;
}

/** One contact within the actor's reach. */
export async function getContact(ctx: RequestContext, id: string): Promise<ContactResponse> {
  const row = await repo.findVisibleContact(ctx.tx, ctx.actor, id);
  if (!row) throw notFound('Contact');
  return presentContact(row, await links.findLinksOfContacts(ctx.tx, [id]));
}

/** Applies a partial change; with `expectedVersion` a concurrent edit is a 412, never a silent overwrite. */
export async function updateContact(
  ctx: RequestContext,
  id: string,
  input: unknown,
  expectedVersion: number | undefined,
  onDuplicate: OnDuplicate = 'warn',
): Promise<ContactWithDuplicates> {
  const current = await loadForWrite(ctx, id);
  const currentLinks = await links.findLinksOfContacts(ctx.tx, [id]);
  if (expectedVersion !== undefined && current.version !== expectedVersion)
    throw stale(current, currentLinks);
  const env = await loadObjectEnv(ctx, OBJECT);
  const { actor } = ctx;
  const prepared = prepareContactRow(input, {
    tenantId: actor.tenantId,
    region: env.region,
    customFields: env.customFields,
    actorId: actor.userId,
    current,
  });
  if (prepared.row.ownerId !== current.ownerId) await checkOwner(ctx, prepared.row.ownerId);
  await verifyCustomChecks(ctx, OBJECT, prepared.checks, id);
  const { tenantId: _tenant, ...changes } = prepared.row;
  let newLinks = currentLinks;
  if (prepared.companies) {
    const company = await resolveCompanies(ctx, prepared.companies);
    Object.assign(
      changes,
      company,
      contactSearchColumns({ ...prepared.row, companyName: company.companyName }),
    );
  }
  // Only a change to what identifies a person (name, phones, e-mails, company) is checked again.
  const identityChanged =
    changes.name !== current.name ||
    String(changes.phoneKeys) !== String(current.phoneKeys) ||
    String(changes.emailKeys) !== String(current.emailKeys) ||
    (changes as { companyName?: string | null }).companyName !== undefined;
  const duplicates = identityChanged
    ? await checkDuplicates(ctx, { ...current, ...changes }, onDuplicate, id)
    : [];
  const row = await repo.updateContactRow(ctx.tx, id, changes, current.version);
  if (!row) throw stale((await repo.findVisibleContact(ctx.tx, actor, id)) ?? current, currentLinks);
  if (prepared.companies) {
    await links.replaceContactLinks(ctx.tx, actor.tenantId, id, prepared.companies);
    newLinks = await links.findLinksOfContacts(ctx.tx, [id]);
  }
  const before = presentContact(current, currentLinks);
  const after = presentContact(row, newLinks);
  await recordChange(ctx, {
    action: 'update',
    objectType: OBJECT,
    objectId: id,
    before,
    after,
    event: 'contact.updated',
  });
  return { ...after, duplicates };
}

/** Soft-deletes a contact (restorable); its company links stay for a restore. */
export async function deleteContact(
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<void> {
  const current = await loadForWrite(ctx, id);
  const currentLinks = await links.findLinksOfContacts(ctx.tx, [id]);
  if (expectedVersion !== undefined && current.version !== expectedVersion)
    throw stale(current, currentLinks);
  const row = await repo.updateContactRow(
    ctx.tx,
    id,
    { deletedAt: new Date(), updatedBy: ctx.actor.userId },
    current.version,
  );
  if (!row) throw stale(current, currentLinks);
  await recordChange(ctx, {
    action: 'delete',
    objectType: OBJECT,
    objectId: id,
    before: presentContact(current, currentLinks),
    after: presentContact(row, currentLinks),
    event: 'contact.deleted',
  });
}

/** Brings a soft-deleted contact back; restoring a live one changes nothing. */
export async function restoreContact(ctx: RequestContext, id: string): Promise<ContactResponse> {
  const current = await loadForWrite(ctx, id, true);
  const currentLinks = await links.findLinksOfContacts(ctx.tx, [id]);
  if (!current.deletedAt) return presentContact(current, currentLinks);
  const row = await repo.updateContactRow(
    ctx.tx,
    id,
    // A merged record restored is its own customer again: no longer "merged into" the survivor.
    { deletedAt: null, mergedInto: null, updatedBy: ctx.actor.userId },
    current.version,
  );
  if (!row) throw stale(current, currentLinks);
  const after = presentContact(row, currentLinks);
  await recordChange(ctx, {
    action: 'restore',
    objectType: OBJECT,
    objectId: id,
    before: presentContact(current, currentLinks),
    after,
    event: 'contact.restored',
  });
  return after;
}

/** A page of contacts: filter, sort, free text and cursor over metadata, always within the actor's scope. */
export async function listContacts(
  ctx: RequestContext,
  query: ListParams,
): Promise<{ data: ContactResponse[]; nextCursor: string | null }> {
  const env = await loadObjectEnv(ctx, OBJECT);
  const plan = planList(OBJECT, query, {
    actor: ctx.actor,
    customFields: env.customFields,
    timeZone: env.timeZone,
  });
  const rows = await repo.listContactPage(ctx.tx, plan);
  const page = rows.slice(0, query.limit);
  const pageLinks = await links.findLinksOfContacts(
    ctx.tx,
    page.map((r) => r.id),
  );
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(plan.sort, last.sortKey as string[]) : null;
  return { data: page.map(({ sortKey: _key, ...row }) => presentContact(row, pageLinks)), nextCursor };
}
