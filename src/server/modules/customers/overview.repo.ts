import { and, asc, count, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import type { Tx } from '../../platform/db/database';
import { companies, contactCompanies, contacts } from './customers.schema';

export type ContactRow = typeof contacts.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;

/** A linked record as the overview lists it. */
export interface LinkRow {
  id: string;
  name: string;
  role: string | null;
  isPrimary: boolean;
}

/** The contact when the actor may see it (deleted ones too: the 360° view explains what happened). */
export async function findContactForOverview(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<ContactRow | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(
      and(eq(contacts.tenantId, actor.tenantId), eq(contacts.id, id), ownerScope(actor, contacts.ownerId)),
    );
  return row;
}

/** The company when the actor may see it. */
export async function findCompanyForOverview(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<CompanyRow | undefined> {
  const [row] = await tx
    .select()
    .from(companies)
    .where(
      and(eq(companies.tenantId, actor.tenantId), eq(companies.id, id), ownerScope(actor, companies.ownerId)),
    );
  return row;
}

/** Live companies a contact is linked to that the actor may see, primary first. */
export async function linkedCompanies(
  tx: Tx,
  actor: Actor,
  contactId: string,
  limit: number,
): Promise<LinkRow[]> {
  return tx
    .select({
      id: companies.id,
      name: companies.name,
      role: contactCompanies.role,
      isPrimary: contactCompanies.isPrimary,
    })
    .from(contactCompanies)
    .innerJoin(
      companies,
      and(eq(companies.tenantId, contactCompanies.tenantId), eq(companies.id, contactCompanies.companyId)),
    )
    .where(
      and(
        eq(contactCompanies.tenantId, actor.tenantId),
        eq(contactCompanies.contactId, contactId),
        isNull(companies.deletedAt),
        ownerScope(actor, companies.ownerId),
      ),
    )
    .orderBy(desc(contactCompanies.isPrimary), asc(companies.name), asc(companies.id))
    .limit(limit);
}

/** Live contacts linked to a company that the actor may see, primary links first; and how many there are. */
export async function linkedContacts(
  tx: Tx,
  actor: Actor,
  companyId: string,
  limit: number,
): Promise<{ rows: LinkRow[]; total: number }> {
  const where = and(
    eq(contactCompanies.tenantId, actor.tenantId),
    eq(contactCompanies.companyId, companyId),
    isNull(contacts.deletedAt),
    ownerScope(actor, contacts.ownerId),
  );
  const join = and(
    eq(contacts.tenantId, contactCompanies.tenantId),
    eq(contacts.id, contactCompanies.contactId),
  );
  const rows = await tx
    .select({
      id: contacts.id,
      name: contacts.name,
      role: contactCompanies.role,
      isPrimary: contactCompanies.isPrimary,
    })
    .from(contactCompanies)
    .innerJoin(contacts, join)
    .where(where)
    .orderBy(desc(contactCompanies.isPrimary), asc(contacts.name), asc(contacts.id))
    .limit(limit);
  const [{ n }] = await tx
    .select({ n: count() })
    .from(contactCompanies)
    .innerJoin(contacts, join)
    .where(where);
  return { rows, total: Number(n) };
}
