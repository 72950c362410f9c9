import type { Actor } from '../../platform/access/actor';
import type { Tx } from '../../platform/db/database';
import { buildSearchQuery } from '../../platform/search/index';
import * as repo from './search.repo';
import type { SearchHit, SearchInput, SearchType } from './search.schemas';

/** Score shown per rank tier: whole field equals the query, a field or word starts with it, any fragment. */
const SCORE_OF_RANK = [100, 70, 40] as const;

const details: Record<SearchType, (tx: Tx, ids: string[]) => Promise<repo.HitDetails[]>> = {
  contact: repo.contactHitDetails,
  company: repo.companyHitDetails,
};

/**
 * Finds contacts and companies by any fragment: name, full pinyin or initials ("zhangsan", "zs"
 * → 张三), a Han character ("张"), 4+ consecutive phone digits, part of an e-mail or company.
 * Ranked exact > prefix > fragment, then shorter names first; only live records the actor may see.
 */
export async function searchCustomers(tx: Tx, actor: Actor, input: SearchInput): Promise<SearchHit[]> {
  const query = buildSearchQuery(input.q);
  if (query.terms.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const type of input.types) {
    const ranked = await repo.searchIds(tx, actor, type, query, input.limit);
    const rankOf = new Map(ranked.map((r) => [r.id, r.rank]));
    for (const row of await details[type](tx, [...rankOf.keys()])) {
      const rank = rankOf.get(row.id) ?? 2;
      hits.push({
        type,
        id: row.id,
        title: row.name,
        subtitle: row.subtitle,
        score: SCORE_OF_RANK[rank] ?? 40,
      });
    }
  }
  return hits
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.title.length - b.title.length ||
        a.title.localeCompare(b.title) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, input.limit);
}
