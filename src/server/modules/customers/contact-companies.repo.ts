import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import type { Tx } from '../../platform/db/database';
import { companies, contactCompanies, contacts } from './customers.schema';

/** A contact's link to a company, with the company's name. */
export interface CompanyLink {
  contactId: string;
  companyId: string;
  companyName: string;
  role: string | null;
  isPrimary: boolean;
}

/** The company links of these contacts (live companies only), primary first. */
export async function findLinksOfContacts(tx: Tx, contactIds: string[]): Promise<CompanyLink[]> {
  if (contactIds.length === 0) return [];
  return tx
    .select({
      contactId: contactCompanies.contactId,
      companyId: contactCompanies.companyId,
      companyName: companies.name,
      role: contactCompanies.role,
      isPrimary: contactCompanies.isPrimary,
    })
    .from(contactCompanies)
    .innerJoin(
      companies,
      and(eq(companies.tenantId, contactCompanies.tenantId), eq(companies.id, contactCompanies.companyId)),
    )
    .where(and(inArray(contactCompanies.contactId, contactIds), isNull(companies.deletedAt)))
    .orderBy(sql`${contactCompanies.isPrimary} desc`, asc(contactCompanies.createdAt));
}

/** Replaces all company links of a contact. */
export async function replaceContactLinks(
  tx: Tx,
  tenantId: string,
  contactId: string,
  links: Array<{ companyId: string; role?: string | null; isPrimary: boolean }>,
): Promise<void> {
  await tx.delete(contactCompanies).where(eq(contactCompanies.contactId, contactId));
  if (links.length === 0) return;
  await tx.insert(contactCompanies).values(
    links.map((l) => ({
      tenantId,
      contactId,
      companyId: l.companyId,
      role: l.role ?? null,
      isPrimary: l.isPrimary,
    })),
  );
}

/** A page of the live contacts linked to a company that the actor may see, by contact id. */
export async function listCompanyContactLinks(
  tx: Tx,
  actor: Actor,
  companyId: string,
  options: { limit: number; afterContactId?: string },
): Promise<Array<{ contactId: string; role: string | null; isPrimary: boolean }>> {
  return tx
    .select({
      contactId: contactCompanies.contactId,
      role: contactCompanies.role,
      isPrimary: contactCompanies.isPrimary,
    })
    .from(contactCompanies)
    .innerJoin(
      contacts,
      and(eq(contacts.tenantId, contactCompanies.tenantId), eq(contacts.id, contactCompanies.contactId)),
    )
    .where(
      and(
        eq(contactCompanies.companyId, companyId),
        isNull(contacts.deletedAt),
        ownerScope(actor, contacts.ownerId),
        options.afterContactId ? gt(contactCompanies.contactId, options.afterContactId) : undefined,
      ),
    )
    .orderBy(asc(contactCompanies.contactId))
    .limit(options.limit + 1);
}
