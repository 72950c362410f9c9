import { sql } from 'drizzle-orm';
import { companies, contactCompanies, contacts } from '../../src/server/modules/customers/customers.schema';
import type { Actor } from '../../src/server/platform/access/actor';
import { newId } from '../../src/server/platform/db/ids';
import type { Platform } from '../../src/server/platform/http/platform';
import { buildSearchDocument } from '../../src/server/platform/search/index';
import type { SignedIn } from './factories';

/** A contact row for {@link seedContacts}: only `name` is required. */
export interface SeedContact {
  id?: string;
  name: string;
  phones?: string[];
  emails?: string[];
  companyName?: string | null;
  primaryCompanyId?: string | null;
  ownerId?: string | null;
  deletedAt?: Date | null;
  tags?: string[];
}

/** A company row for {@link seedCompanies}. */
export interface SeedCompany {
  id?: string;
  name: string;
  phones?: string[];
  ownerId?: string | null;
}

/** The admin actor of a signed-up workspace, for calling services directly. */
export function adminActor(who: SignedIn): Actor {
  return {
    tenantId: who.workspaceId,
    userId: who.userId,
    role: 'admin',
    via: 'session',
    visibleOwners: 'all',
  };
}

/**
 * Inserts contacts straight into a workspace (in a tenant transaction, RLS applies), with the
 * search columns computed as the write path does. Returns the ids in input order.
 */
export async function seedContacts(
  platform: Platform,
  who: SignedIn,
  rows: SeedContact[],
  ownerDefault: string | null = who.userId,
): Promise<string[]> {
  const ids: string[] = [];
  const values = rows.map((r) => {
    const id = r.id ?? newId();
    ids.push(id);
    const phones = r.phones ?? [];
    const emails = (r.emails ?? []).map((e) => e.toLowerCase());
    const doc = buildSearchDocument({
      names: [r.name],
      emails,
      phones,
      companies: r.companyName ? [r.companyName] : [],
    });
    return {
      tenantId: who.workspaceId,
      id,
      name: r.name,
      phones: phones.map((number) => ({ type: 'mobile' as const, number })),
      phoneKeys: phones,
      emails: emails.map((address) => ({ type: 'work' as const, address })),
      emailKeys: emails,
      email: emails[0] ?? null,
      phone: phones[0] ?? null,
      companyName: r.companyName ?? null,
      primaryCompanyId: r.primaryCompanyId ?? null,
      ownerId: r.ownerId === undefined ? ownerDefault : r.ownerId,
      tags: r.tags ?? [],
      searchText: doc.text,
      searchTokens: doc.tokens,
      deletedAt: r.deletedAt ?? null,
      createdBy: who.userId,
      updatedBy: who.userId,
    };
  });
  await platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    for (let i = 0; i < values.length; i += 500) await tx.insert(contacts).values(values.slice(i, i + 500));
  });
  return ids;
}

/** Inserts companies straight into a workspace with their search columns. */
export async function seedCompanies(
  platform: Platform,
  who: SignedIn,
  rows: SeedCompany[],
): Promise<string[]> {
  const ids: string[] = [];
  const values = rows.map((r) => {
    const id = r.id ?? newId();
    ids.push(id);
    const phones = r.phones ?? [];
    const doc = buildSearchDocument({ names: [r.name], emails: [], phones, companies: [] });
    return {
      tenantId: who.workspaceId,
      id,
      name: r.name,
      phones: phones.map((number) => ({ type: 'work' as const, number })),
      phoneKeys: phones,
      ownerId: r.ownerId === undefined ? who.userId : r.ownerId,
      searchText: doc.text,
      searchTokens: doc.tokens,
      createdBy: who.userId,
      updatedBy: who.userId,
    };
  });
  await platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    await tx.insert(companies).values(values);
  });
  return ids;
}

/** Links contacts to a company (role optional; the first link may be primary). */
export async function linkContacts(
  platform: Platform,
  who: SignedIn,
  companyId: string,
  contactIds: string[],
  isPrimary = false,
): Promise<void> {
  await platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    await tx
      .insert(contactCompanies)
      .values(
        contactIds.map((contactId) => ({ tenantId: who.workspaceId, contactId, companyId, isPrimary })),
      );
  });
}

/** Counts rows of a table in a workspace (for "nothing changed" checks). */
export async function countRows(platform: Platform, who: SignedIn, table: string): Promise<number> {
  return platform.db.tx({ tenantId: who.workspaceId }, async (tx) => {
    const res = await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`);
    const rows = Array.isArray(res) ? res : (res as { rows: Array<{ n: number }> }).rows;
    return Number((rows[0] as { n: number }).n);
  });
}
