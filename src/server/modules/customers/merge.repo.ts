import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import { rowsOf, type Tx } from '../../platform/db/database';
import { companies, contactCompanies, contacts, duplicateClusters } from './customers.schema';

export type ContactRow = typeof contacts.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;

/** Locks and returns the given contacts the actor may see (deleted ones included, to say why). */
export async function lockContacts(tx: Tx, actor: Actor, ids: string[]): Promise<ContactRow[]> {
  return tx
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.tenantId, actor.tenantId),
        inArray(contacts.id, ids),
        ownerScope(actor, contacts.ownerId),
      ),
    )
    .orderBy(contacts.id)
    .for('update');
}

/** Locks and returns the given companies the actor may see. */
export async function lockCompanies(tx: Tx, actor: Actor, ids: string[]): Promise<CompanyRow[]> {
  return tx
    .select()
    .from(companies)
    .where(
      and(
        eq(companies.tenantId, actor.tenantId),
        inArray(companies.id, ids),
        ownerScope(actor, companies.ownerId),
      ),
    )
    .orderBy(companies.id)
    .for('update');
}

/** Writes the survivor's merged values and bumps its version. */
export async function updateContactMerged(
  tx: Tx,
  tenantId: string,
  id: string,
  changes: Partial<ContactRow>,
): Promise<ContactRow> {
  const [row] = await tx
    .update(contacts)
    .set({ ...changes, version: sql`${contacts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)))
    .returning();
  return row;
}

export async function updateCompanyMerged(
  tx: Tx,
  tenantId: string,
  id: string,
  changes: Partial<CompanyRow>,
): Promise<CompanyRow> {
  const [row] = await tx
    .update(companies)
    .set({ ...changes, version: sql`${companies.version} + 1`, updatedAt: new Date() })
    .where(and(eq(companies.tenantId, tenantId), eq(companies.id, id)))
    .returning();
  return row;
}

/** Soft-deletes the losers of a merge, pointing them at the survivor. */
export async function retireContacts(
  tx: Tx,
  tenantId: string,
  ids: string[],
  survivorId: string,
  userId: string,
): Promise<ContactRow[]> {
  return tx
    .update(contacts)
    .set({
      deletedAt: new Date(),
      mergedInto: survivorId,
      updatedBy: userId,
      version: sql`${contacts.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, ids)))
    .returning();
}

export async function retireCompanies(
  tx: Tx,
  tenantId: string,
  ids: string[],
  survivorId: string,
  userId: string,
): Promise<CompanyRow[]> {
  return tx
    .update(companies)
    .set({
      deletedAt: new Date(),
      mergedInto: survivorId,
      updatedBy: userId,
      version: sql`${companies.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(companies.tenantId, tenantId), inArray(companies.id, ids)))
    .returning();
}

/**
 * Moves the company links of merged contacts to the survivor: a link the survivor already has is
 * dropped, and the survivor keeps one primary link at most. Returns how many links moved.
 */
export async function relinkContactCompanies(
  tx: Tx,
  tenantId: string,
  survivorId: string,
  loserIds: string[],
): Promise<number> {
  const moved = rowsOf<{ company_id: string }>(
    await tx.execute(sql`
      insert into contact_companies (tenant_id, contact_id, company_id, role, is_primary, created_at)
      select distinct on (l.company_id) l.tenant_id, ${survivorId}::uuid, l.company_id, l.role,
        l.is_primary and not exists (
          select 1 from contact_companies s where s.tenant_id = l.tenant_id and s.contact_id = ${survivorId}::uuid and s.is_primary),
        l.created_at
      from contact_companies l
      where l.tenant_id = ${tenantId} and l.contact_id = any(${sql.param(loserIds)}::uuid[])
      order by l.company_id, l.is_primary desc, l.created_at
      on conflict (tenant_id, contact_id, company_id) do nothing
      returning company_id`),
  );
  await tx
    .delete(contactCompanies)
    .where(and(eq(contactCompanies.tenantId, tenantId), inArray(contactCompanies.contactId, loserIds)));
  // Several merged contacts may each have brought a primary link: keep the oldest one.
  await tx.execute(sql`
    update contact_companies c set is_primary = false
    where c.tenant_id = ${tenantId} and c.contact_id = ${survivorId}::uuid and c.is_primary
      and c.company_id <> (select company_id from contact_companies
        where tenant_id = ${tenantId} and contact_id = ${survivorId}::uuid and is_primary order by created_at, company_id limit 1)`);
  return moved.length;
}

/**
 * Moves the contacts of merged companies to the survivor company (links and primary company),
 * returning the ids of contacts whose primary company changed (their search text names it).
 */
export async function relinkCompanyContacts(
  tx: Tx,
  tenantId: string,
  survivor: { id: string; name: string },
  loserIds: string[],
): Promise<{ moved: number; retitled: string[] }> {
  const moved = rowsOf<{ contact_id: string }>(
    await tx.execute(sql`
      insert into contact_companies (tenant_id, contact_id, company_id, role, is_primary, created_at)
      select distinct on (l.contact_id) l.tenant_id, l.contact_id, ${survivor.id}::uuid, l.role, l.is_primary, l.created_at
      from contact_companies l
      where l.tenant_id = ${tenantId} and l.company_id = any(${sql.param(loserIds)}::uuid[])
      order by l.contact_id, l.is_primary desc, l.created_at
      on conflict (tenant_id, contact_id, company_id) do update
        set is_primary = contact_companies.is_primary or excluded.is_primary
      returning contact_id`),
  );
  await tx
    .delete(contactCompanies)
    .where(and(eq(contactCompanies.tenantId, tenantId), inArray(contactCompanies.companyId, loserIds)));
  const retitled = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update contacts set primary_company_id = ${survivor.id}::uuid, company_name = ${survivor.name}
      where tenant_id = ${tenantId} and primary_company_id = any(${sql.param(loserIds)}::uuid[])
      returning id`),
  ).map((r) => r.id);
  return { moved: moved.length, retitled };
}

/** Rows needed to rebuild the search document of contacts. */
export async function contactsForSearchRebuild(
  tx: Tx,
  tenantId: string,
  ids: string[],
): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), inArray(contacts.id, ids)));
}

/** Stores a recomputed search document. */
export async function setContactSearch(
  tx: Tx,
  tenantId: string,
  id: string,
  text: string,
  tokens: string[],
): Promise<void> {
  await tx
    .update(contacts)
    .set({ searchText: text, searchTokens: tokens })
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, id)));
}

/** Marks open duplicate clusters holding the survivor and a merged record as resolved by merge. */
export async function markClustersMerged(
  tx: Tx,
  tenantId: string,
  objectType: string,
  survivorId: string,
  loserIds: string[],
): Promise<void> {
  await tx
    .update(duplicateClusters)
    .set({ status: 'merged', resolvedAt: new Date() })
    .where(
      and(
        eq(duplicateClusters.tenantId, tenantId),
        eq(duplicateClusters.objectType, objectType),
        eq(duplicateClusters.status, 'open'),
        sql`${duplicateClusters.recordIds} @> array[${survivorId}]::uuid[]`,
        sql`${duplicateClusters.recordIds} && ${sql.param(loserIds)}::uuid[]`,
      ),
    );
}
