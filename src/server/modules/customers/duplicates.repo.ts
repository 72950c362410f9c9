import { type AnyColumn, and, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import { rowsOf, type Tx } from '../../platform/db/database';
import { indexLookupRows } from '../../platform/db/index-lookup';
import { companies, contacts, duplicateClusters } from './customers.schema';

/** The record types duplicates are looked for in. */
export type DuplicateObjectType = 'contact' | 'company';

/** What a candidate lookup probes with: keys already normalized by the service. */
export interface CandidateProbe {
  phones: string[];
  emails: string[];
  /** The normalized name (see `normalizeName`). */
  name: string;
  /** `=`-keys of the name (see `nameKeys`). */
  nameKeys: string[];
  /** `=`-key of the company name (contacts only). */
  companyKey: string | null;
  excludeId?: string;
  limit: number;
}

/** One row that shares a key with the probe, with the evidence found in SQL. */
export interface CandidateRow {
  id: string;
  name: string;
  samePhone: boolean;
  sameEmail: boolean;
  similarNameCompany: boolean;
  nameSimilarity: number;
}

/** Name similarity (pg_trgm, CJK-aware on both PGlite and PostgreSQL) above which names count as alike. */
export const NAME_SIMILARITY = 0.5;

const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`;

/**
 * Live records sharing a phone, an e-mail, or (contacts) a similar name at the same company —
 * (companies) a similar name. Every branch is answered from a GIN index: `phone_keys &&`,
 * `email_keys &&`, `search_tokens @>`/`&&` (whole-field `=` tokens), `search_text <%` (trigram
 * word similarity); the exact similarity is checked on the few rows found.
 */
export async function findCandidateRows(
  tx: Tx,
  actor: Actor,
  type: DuplicateObjectType,
  probe: CandidateProbe,
): Promise<CandidateRow[]> {
  const t = type === 'contact' ? contacts : companies;
  const phones = probe.phones.length ? sql`${t.phoneKeys} && ${textArray(probe.phones)}` : sql`false`;
  const emails =
    type === 'contact' && probe.emails.length
      ? sql`${contacts.emailKeys} && ${textArray(probe.emails)}`
      : sql`false`;
  const nameSim = probe.name ? sql`similarity(lower(${t.name}), ${probe.name})` : sql`0::real`;

  let nameCompany: SQL = sql`false`;
  if (type === 'contact' && probe.companyKey && probe.nameKeys.length) {
    // Same company (one whole-field token), then the same name/pinyin key or a similar spelling.
    nameCompany = sql`(${t.searchTokens} @> ${textArray([probe.companyKey])}
      and (${t.searchTokens} && ${textArray(probe.nameKeys)} or ${nameSim} >= ${NAME_SIMILARITY}))`;
  } else if (type === 'company' && probe.name) {
    nameCompany = sql`(${t.searchTokens} && ${textArray(probe.nameKeys)}
      or (${probe.name} <% ${t.searchText} and ${nameSim} >= ${NAME_SIMILARITY}))`;
  }

  // Explicit tenant condition + the lookup role: the GIN indexes apply despite RLS.
  const rows = await indexLookupRows<{
    id: string;
    name: string;
    same_phone: boolean;
    same_email: boolean;
    similar_name_company: boolean;
    name_similarity: number | string;
  }>(
    tx,
    sql`
      select ${t.id} as id, ${t.name} as name,
        ${phones} as same_phone, ${emails} as same_email, ${nameCompany} as similar_name_company,
        ${nameSim} as name_similarity
      from ${t}
      where ${t.tenantId} = ${actor.tenantId} and ${t.deletedAt} is null
        ${probe.excludeId ? sql`and ${t.id} <> ${probe.excludeId}` : sql``}
        ${scopeOf(actor, t.ownerId)}
        and (${phones} or ${emails} or ${nameCompany})
      limit ${probe.limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    samePhone: r.same_phone,
    sameEmail: r.same_email,
    similarNameCompany: r.similar_name_company,
    nameSimilarity: Number(r.name_similarity),
  }));
}

function scopeOf(actor: Actor, column: typeof contacts.ownerId | typeof companies.ownerId): SQL {
  const scope = ownerScope(actor, column);
  return scope ? sql`and ${scope}` : sql``;
}

/** A set of records sharing one blocking key, and which kind of key it was. */
export interface KeyGroup {
  ids: string[];
  reason: 'same_phone' | 'same_email' | 'similar_name_company';
}

/** Largest group one key may form; bigger ones are shared numbers (switchboards), not duplicates. */
export const MAX_GROUP = 50;

/** The normalized name key the scan blocks on (SQL twin of `normalizeName`, minus NFKC). */
const nameKeySql = (column: SQL | AnyColumn) =>
  sql`lower(regexp_replace(btrim(${column}), '\\s+', ' ', 'g'))`;

async function groups(
  tx: Tx,
  reason: KeyGroup['reason'],
  query: SQL,
): Promise<{ groups: KeyGroup[]; oversized: number }> {
  const rows = rowsOf<{ ids: string[] | string; n: number | string }>(await tx.execute(query));
  const out: KeyGroup[] = [];
  let oversized = 0;
  for (const row of rows) {
    if (Number(row.n) > MAX_GROUP) {
      oversized++;
      continue;
    }
    const ids = Array.isArray(row.ids) ? row.ids : String(row.ids).replace(/[{}]/g, '').split(',');
    out.push({ ids, reason });
  }
  return { groups: out, oversized };
}

/**
 * One blocking pass of the workspace scan, set-based: every key shared by 2+ live records, with
 * the records' ids. `phone` and `email` block on the exact keys; `name` on the normalized name
 * plus the company name (contacts) or the normalized name alone (companies). Oversized groups
 * come back only as a count (ids are not aggregated for them).
 */
export async function keyGroups(
  tx: Tx,
  tenantId: string,
  type: DuplicateObjectType,
  key: 'phone' | 'email' | 'name',
) {
  const t = type === 'contact' ? contacts : companies;
  const live = sql`${t.tenantId} = ${tenantId} and ${t.deletedAt} is null`;
  const agg = (keyExpr: SQL, from: SQL) => sql`
    select case when count(*) <= ${MAX_GROUP} then array_agg(id order by id) end as ids, count(*) as n
    from (${from}) as k group by ${keyExpr} having count(*) > 1`;
  if (key === 'phone') {
    return groups(
      tx,
      'same_phone',
      agg(sql`k.key`, sql`select ${t.id} as id, unnest(${t.phoneKeys}) as key from ${t} where ${live}`),
    );
  }
  if (key === 'email') {
    return groups(
      tx,
      'same_email',
      agg(
        sql`k.key`,
        sql`select ${contacts.id} as id, unnest(${contacts.emailKeys}) as key from ${contacts} where ${live}`,
      ),
    );
  }
  if (type === 'contact') {
    return groups(
      tx,
      'similar_name_company',
      agg(
        sql`k.name, k.company`,
        sql`select ${contacts.id} as id, ${nameKeySql(contacts.name)} as name, ${nameKeySql(sql`${contacts.companyName}`)} as company
          from ${contacts} where ${live} and ${contacts.companyName} is not null and ${contacts.companyName} <> ''`,
      ),
    );
  }
  return groups(
    tx,
    'similar_name_company',
    agg(
      sql`k.name`,
      sql`select ${companies.id} as id, ${nameKeySql(companies.name)} as name from ${companies} where ${live}`,
    ),
  );
}

/** A cluster ready to store. */
export interface NewCluster {
  id: string;
  recordIds: string[];
  reasons: string[];
  score: number;
}

/**
 * Replaces the open clusters of an object type with a scan's clusters in one statement batch;
 * clusters people dismissed before (same record set) stay dismissed and are not re-opened.
 * Serialized per workspace and type by a transaction-level advisory lock (multi-node safe).
 */
export async function replaceOpenClusters(
  tx: Tx,
  tenantId: string,
  type: DuplicateObjectType,
  scanId: string,
  clusters: NewCluster[],
): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`duplicates:${tenantId}:${type}`}))`);
  const dismissed = await tx
    .select({ recordIds: duplicateClusters.recordIds })
    .from(duplicateClusters)
    .where(
      and(
        eq(duplicateClusters.tenantId, tenantId),
        eq(duplicateClusters.objectType, type),
        eq(duplicateClusters.status, 'dismissed'),
      ),
    );
  const known = new Set(dismissed.map((d) => [...d.recordIds].sort().join(',')));
  const fresh = clusters.filter((c) => !known.has([...c.recordIds].sort().join(',')));
  await tx
    .delete(duplicateClusters)
    .where(
      and(
        eq(duplicateClusters.tenantId, tenantId),
        eq(duplicateClusters.objectType, type),
        eq(duplicateClusters.status, 'open'),
      ),
    );
  for (let i = 0; i < fresh.length; i += 1000) {
    await tx.insert(duplicateClusters).values(
      fresh.slice(i, i + 1000).map((c) => ({
        tenantId,
        id: c.id,
        objectType: type,
        scanId,
        recordIds: c.recordIds,
        reasons: c.reasons,
        score: c.score,
      })),
    );
  }
  return fresh.length;
}

export type ClusterRow = typeof duplicateClusters.$inferSelect;

/** One keyset page of clusters, highest score first. */
export async function listClusters(
  tx: Tx,
  tenantId: string,
  options: {
    objectType: DuplicateObjectType;
    status: string;
    limit: number;
    after?: { score: number; id: string };
  },
): Promise<ClusterRow[]> {
  const { after } = options;
  return tx
    .select()
    .from(duplicateClusters)
    .where(
      and(
        eq(duplicateClusters.tenantId, tenantId),
        eq(duplicateClusters.objectType, options.objectType),
        eq(duplicateClusters.status, options.status),
        after
          ? sql`(${duplicateClusters.score}, ${duplicateClusters.id}) < (${after.score}, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(duplicateClusters.score), desc(duplicateClusters.id))
    .limit(options.limit);
}

/** Key fields of the records of some clusters, live ones the actor may see only. */
export async function clusterRecords(tx: Tx, actor: Actor, type: DuplicateObjectType, ids: string[]) {
  if (ids.length === 0) return [];
  if (type === 'contact') {
    return tx
      .select({
        id: contacts.id,
        name: contacts.name,
        email: contacts.email,
        phone: contacts.phone,
        companyName: contacts.companyName,
        ownerId: contacts.ownerId,
        createdAt: contacts.createdAt,
      })
      .from(contacts)
      .where(
        and(
          eq(contacts.tenantId, actor.tenantId),
          inArray(contacts.id, ids),
          isNull(contacts.deletedAt),
          ownerScope(actor, contacts.ownerId),
        ),
      );
  }
  return tx
    .select({
      id: companies.id,
      name: companies.name,
      email: sql<string | null>`null`,
      phone: sql<string | null>`${companies.phoneKeys}[1]`,
      companyName: sql<string | null>`null`,
      ownerId: companies.ownerId,
      createdAt: companies.createdAt,
    })
    .from(companies)
    .where(
      and(
        eq(companies.tenantId, actor.tenantId),
        inArray(companies.id, ids),
        isNull(companies.deletedAt),
        ownerScope(actor, companies.ownerId),
      ),
    );
}

export async function findCluster(tx: Tx, tenantId: string, id: string): Promise<ClusterRow | undefined> {
  const [row] = await tx
    .select()
    .from(duplicateClusters)
    .where(and(eq(duplicateClusters.tenantId, tenantId), eq(duplicateClusters.id, id)));
  return row;
}

export async function setClusterStatus(
  tx: Tx,
  tenantId: string,
  id: string,
  status: string,
): Promise<ClusterRow> {
  const [row] = await tx
    .update(duplicateClusters)
    .set({ status, resolvedAt: status === 'open' ? null : new Date() })
    .where(and(eq(duplicateClusters.tenantId, tenantId), eq(duplicateClusters.id, id)))
    .returning();
  return row;
}
