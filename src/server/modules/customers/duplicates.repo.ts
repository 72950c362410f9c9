import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import { rowsOf, type Tx } from '../../platform/db/database';
import { companies, contacts } from './customers.schema';

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

  const rows = rowsOf<{
    id: string;
    name: string;
    same_phone: boolean;
    same_email: boolean;
    similar_name_company: boolean;
    name_similarity: number | string;
  }>(
    await tx.execute(sql`
      select ${t.id} as id, ${t.name} as name,
        ${phones} as same_phone, ${emails} as same_email, ${nameCompany} as similar_name_company,
        ${nameSim} as name_similarity
      from ${t}
      where ${t.deletedAt} is null
        ${probe.excludeId ? sql`and ${t.id} <> ${probe.excludeId}` : sql``}
        ${scopeOf(actor, t.ownerId)}
        and (${phones} or ${emails} or ${nameCompany})
      limit ${probe.limit}`),
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
