import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import type { Tx } from '../../platform/db/database';
import { indexLookupRows } from '../../platform/db/index-lookup';
import { type SearchQuery, searchSelect } from '../../platform/search/index';
import { companies, contacts } from './customers.schema';
import type { SearchType } from './search.schemas';

/** A matching record: its id and rank (0 exact, 1 prefix, 2 fragment). */
export interface RankedId {
  id: string;
  rank: number;
}

/** What a hit shows. */
export interface HitDetails {
  id: string;
  name: string;
  subtitle: string | null;
}

const tables = { contact: contacts, company: companies } as const;

/**
 * Live records of one type matching the query, best first, among those the actor may see.
 * Each rank tier is fetched from its own index with its own LIMIT ({@link searchSelect}), so a
 * query matching 100,000 rows still reads a few index pages.
 */
export async function searchIds(
  tx: Tx,
  actor: Actor,
  type: SearchType,
  query: SearchQuery,
  limit: number,
): Promise<RankedId[]> {
  const t = tables[type];
  const where = and(eq(t.tenantId, actor.tenantId), isNull(t.deletedAt), ownerScope(actor, t.ownerId)) as SQL;
  // The tenant is stated in `where`; the lookup role lets the GIN/trigram indexes apply under RLS.
  const rows = await indexLookupRows<{ id: string; rank: number | string }>(
    tx,
    searchSelect(query, {
      textColumn: t.searchText,
      tokensColumn: t.searchTokens,
      from: t,
      idColumn: t.id,
      where,
      limit,
    }),
    // Trigram fragments must come from the trigram index (see IndexLookupOptions).
    { bitmapOnly: query.terms.some((term) => term.kind === 'fragment' || term.kind === 'digits') },
  );
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank) }));
}

/** Display fields of the given contacts. */
export async function contactHitDetails(tx: Tx, ids: string[]): Promise<HitDetails[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: contacts.id,
      name: contacts.name,
      subtitle: sql<string | null>`coalesce(${contacts.companyName}, ${contacts.email}, ${contacts.phone})`,
    })
    .from(contacts)
    .where(inArray(contacts.id, ids));
}

/** Display fields of the given companies. */
export async function companyHitDetails(tx: Tx, ids: string[]): Promise<HitDetails[]> {
  if (ids.length === 0) return [];
  return tx
    .select({
      id: companies.id,
      name: companies.name,
      subtitle: sql<
        string | null
      >`coalesce(${companies.industry}, ${companies.website}, ${companies.phoneKeys}[1])`,
    })
    .from(companies)
    .where(inArray(companies.id, ids));
}
