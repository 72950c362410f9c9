import { ownsOrSees } from '../../platform/access/scope';
import { recordChange } from '../../platform/audit/record-change';
import { AppError, forbidden, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { presentCompany } from './companies.presenter';
import { companySearchColumns } from './company-input';
import { contactSearchColumns } from './contact-input';
import { presentContact } from './contacts.presenter';
import type { StoredEmail, StoredPhone } from './customers.schema';
import * as repo from './merge.repo';
import type { MergeInput } from './merge.schemas';

/**
 * Mergeable fields: the API name and the columns that travel together (an address with its
 * GB/T 2260 codes, a company name with the company id).
 */
const CONTACT_FIELDS: Record<string, Array<keyof repo.ContactRow>> = {
  name: ['name'],
  gender: ['gender'],
  title: ['title'],
  birthday: ['birthday'],
  ownerId: ['ownerId'],
  source: ['source'],
  lifecycleStage: ['lifecycleStage'],
  consent: ['consent'],
  notes: ['notes'],
  addresses: ['addresses', 'provinceCode', 'cityCode', 'districtCode'],
  company: ['companyName', 'primaryCompanyId'],
  lastActivityAt: ['lastActivityAt'],
};
const COMPANY_FIELDS: Record<string, Array<keyof repo.CompanyRow>> = {
  name: ['name'],
  industry: ['industry'],
  size: ['size'],
  website: ['website'],
  ownerId: ['ownerId'],
  source: ['source'],
  notes: ['notes'],
  address: ['address', 'provinceCode', 'cityCode', 'districtCode'],
};
/**
 * List fields: the union of all records unless `fields` names one record's list; `email` and
 * `phone` choose which address/number comes first (the simple fields of the API).
 */
const CONTACT_LISTS = ['phones', 'emails', 'tags', 'email', 'phone'] as const;
const COMPANY_LISTS = ['phones', 'tags'] as const;

type AnyRow = repo.ContactRow | repo.CompanyRow;

const isBlank = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Checks ids, scope, state and versions; returns the rows with the survivor first. */
function checkRecords<R extends AnyRow>(
  rows: R[],
  input: MergeInput,
  what: string,
): { survivor: R; losers: R[] } {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const survivor = byId.get(input.survivorId);
  const losers = input.mergedIds.map((id) => byId.get(id));
  if (!survivor || losers.some((l) => !l)) throw notFound(what);
  const all = [survivor, ...(losers as R[])];
  const gone = all.filter((r) => r.deletedAt);
  if (gone.length) {
    throw new AppError(
      'conflict',
      `${what} ${gone.map((r) => r.id).join(', ')} is deleted or already merged; restore it first`,
    );
  }
  for (const [id, expected] of Object.entries(input.versions ?? {})) {
    const row = byId.get(id);
    if (!row)
      throw invalid([
        { field: `versions.${id}`, code: 'not_in_merge', message: 'This record is not part of the merge' },
      ]);
    if (row.version !== expected) {
      throw new AppError(
        'precondition_failed',
        `${what} ${id} was changed by someone else (now version ${row.version}); review the merge again`,
      );
    }
  }
  return { survivor, losers: losers as R[] };
}

/**
 * The survivor's new values: for every field, the chosen record's value; else the survivor's; else
 * the first merged record's that has one. Lists are unioned unless a record is chosen for them.
 */
function mergedValues<R extends AnyRow>(
  survivor: R,
  losers: R[],
  fields: Record<string, string>,
  groups: Record<string, Array<keyof R>>,
  lists: readonly string[],
): Partial<R> {
  const byId = new Map([survivor, ...losers].map((r) => [r.id, r]));
  const errors = Object.entries(fields).flatMap(([field, id]) => {
    const known = field in groups || lists.includes(field) || field.startsWith('custom.');
    if (!known)
      return [
        {
          field: `fields.${field}`,
          code: 'unknown_field',
          message: `"${field}" cannot be chosen in a merge`,
        },
      ];
    if (!byId.has(id))
      return [
        {
          field: `fields.${field}`,
          code: 'not_in_merge',
          message: 'Choose the survivor or one of the merged records',
        },
      ];
    return [];
  });
  if (errors.length) throw invalid(errors);

  const changes: Partial<R> = {};
  const order = [survivor, ...losers];
  for (const [field, columns] of Object.entries(groups)) {
    const chosen = fields[field] ? byId.get(fields[field]) : order.find((r) => !isBlank(r[columns[0]]));
    if (!chosen) continue;
    for (const column of columns) (changes as Record<string, unknown>)[column as string] = chosen[column];
  }
  const custom: Record<string, unknown> = {};
  for (const r of [...order].reverse()) {
    for (const [k, v] of Object.entries(r.custom ?? {})) if (!isBlank(v) || !(k in custom)) custom[k] = v;
  }
  for (const [field, id] of Object.entries(fields)) {
    if (field.startsWith('custom.')) custom[field.slice(7)] = byId.get(id)?.custom?.[field.slice(7)] ?? null;
  }
  (changes as Record<string, unknown>).custom = custom;

  const pick = (field: string) => (fields[field] ? [byId.get(fields[field]) as R] : order);
  (changes as Record<string, unknown>).tags = [...new Set(pick('tags').flatMap((r) => r.tags))];
  const phones = uniqueBy(
    pick('phones').flatMap((r) => r.phones as StoredPhone[]),
    (p) => p.number,
  );
  (changes as Record<string, unknown>).phones = phones;
  (changes as Record<string, unknown>).phoneKeys = [...new Set(phones.map((p) => p.number))];
  return changes;
}

/**
 * Merges contacts into a survivor in the request's transaction: chosen values win, phones, e-mails
 * and tags are unioned, company links move to the survivor, the merged contacts are soft-deleted
 * with `mergedInto` (restorable), one audit row per record, one `contact.merged` event
 * `{survivorId, mergedIds}` for modules that must re-link their rows, open duplicate clusters closed.
 */
export async function mergeContacts(ctx: RequestContext, input: MergeInput) {
  const { tx, actor } = ctx;
  const ids = [input.survivorId, ...input.mergedIds];
  const { survivor, losers } = checkRecords(await repo.lockContacts(tx, actor, ids), input, 'Contact');
  const fields = input.fields ?? {};
  const changes = mergedValues(survivor, losers, fields, CONTACT_FIELDS, CONTACT_LISTS);
  if (changes.ownerId && !ownsOrSees(actor, changes.ownerId))
    throw forbidden('You cannot assign records to that user');
  const order = fields.emails
    ? [survivor, ...losers].filter((r) => r.id === fields.emails)
    : [survivor, ...losers];
  const emails = uniqueBy(
    order.flatMap((r) => r.emails as StoredEmail[]),
    (e) => e.address,
  );
  changes.emails = emails;
  changes.emailKeys = [...new Set(emails.map((e) => e.address))];
  // The simple `email` / `phone` are the first of each list; a chosen record's goes first.
  const firstOf = (field: 'email' | 'phone', list: string[]) => {
    const chosen = fields[field]
      ? [survivor, ...losers].find((r) => r.id === fields[field])?.[field]
      : undefined;
    return (
      chosen ??
      [survivor, ...losers].map((r) => r[field]).find((v) => v && list.includes(v)) ??
      list[0] ??
      null
    );
  };
  changes.email = firstOf('email', changes.emailKeys);
  changes.phone = firstOf('phone', changes.phoneKeys ?? []);
  if (fields.email && changes.email && !changes.emailKeys.includes(changes.email))
    changes.emailKeys.unshift(changes.email);
  Object.assign(changes, contactSearchColumns({ ...survivor, ...changes } as repo.ContactRow));
  changes.updatedBy = actor.userId;

  const after = await repo.updateContactMerged(tx, actor.tenantId, survivor.id, changes);
  const relinked = await repo.relinkContactCompanies(tx, actor.tenantId, survivor.id, input.mergedIds);
  const retired = await repo.retireContacts(tx, actor.tenantId, input.mergedIds, survivor.id, actor.userId);
  await repo.markClustersMerged(tx, actor.tenantId, 'contact', survivor.id, input.mergedIds);

  const merge = { survivorId: survivor.id, mergedIds: input.mergedIds, fields };
  const presented = presentContact(after);
  await recordChange(ctx, {
    action: 'merge',
    objectType: 'contact',
    objectId: survivor.id,
    before: presentContact(survivor),
    after: { ...presented, merge },
    event: 'contact.merged',
    payload: { survivorId: survivor.id, mergedIds: input.mergedIds },
  });
  const beforeById = new Map(losers.map((l) => [l.id, l]));
  for (const row of retired) {
    await recordChange(ctx, {
      action: 'merged_into',
      objectType: 'contact',
      objectId: row.id,
      before: presentContact(beforeById.get(row.id) as repo.ContactRow),
      after: { ...presentContact(row), merge: { survivorId: survivor.id } },
    });
  }
  return { survivor: presented as unknown as Record<string, unknown>, mergedIds: input.mergedIds, relinked };
}

/**
 * Merges companies into a survivor: chosen values win, phones and tags are unioned, every contact
 * of a merged company moves to the survivor (links and primary company, search text refreshed),
 * the merged companies are soft-deleted with `mergedInto`; audited; event `company.merged`.
 */
export async function mergeCompanies(ctx: RequestContext, input: MergeInput) {
  const { tx, actor } = ctx;
  const ids = [input.survivorId, ...input.mergedIds];
  const { survivor, losers } = checkRecords(await repo.lockCompanies(tx, actor, ids), input, 'Company');
  const fields = input.fields ?? {};
  const changes = mergedValues(survivor, losers, fields, COMPANY_FIELDS, COMPANY_LISTS);
  if (changes.ownerId && !ownsOrSees(actor, changes.ownerId))
    throw forbidden('You cannot assign records to that user');
  Object.assign(changes, companySearchColumns({ ...survivor, ...changes } as repo.CompanyRow));
  changes.updatedBy = actor.userId;

  const after = await repo.updateCompanyMerged(tx, actor.tenantId, survivor.id, changes);
  const { moved, retitled } = await repo.relinkCompanyContacts(
    tx,
    actor.tenantId,
    { id: after.id, name: after.name },
    input.mergedIds,
  );
  for (const contact of await repo.contactsForSearchRebuild(tx, actor.tenantId, retitled)) {
    const columns = contactSearchColumns(contact);
    await repo.setContactSearch(tx, actor.tenantId, contact.id, columns.searchText, columns.searchTokens);
  }
  const retired = await repo.retireCompanies(tx, actor.tenantId, input.mergedIds, survivor.id, actor.userId);
  await repo.markClustersMerged(tx, actor.tenantId, 'company', survivor.id, input.mergedIds);

  const merge = { survivorId: survivor.id, mergedIds: input.mergedIds, fields };
  const presented = presentCompany(after);
  await recordChange(ctx, {
    action: 'merge',
    objectType: 'company',
    objectId: survivor.id,
    before: presentCompany(survivor),
    after: { ...presented, merge },
    event: 'company.merged',
    payload: { survivorId: survivor.id, mergedIds: input.mergedIds },
  });
  const beforeById = new Map(losers.map((l) => [l.id, l]));
  for (const row of retired) {
    await recordChange(ctx, {
      action: 'merged_into',
      objectType: 'company',
      objectId: row.id,
      before: presentCompany(beforeById.get(row.id) as repo.CompanyRow),
      after: { ...presentCompany(row), merge: { survivorId: survivor.id } },
    });
  }
  return {
    survivor: presented as unknown as Record<string, unknown>,
    mergedIds: input.mergedIds,
    relinked: moved,
  };
}
