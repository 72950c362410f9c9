import { and, eq, isNotNull, isNull, type SQL } from 'drizzle-orm';
import { parseFilterParam } from '../../../shared/filter';
import type { Actor } from '../../platform/access/actor';
import { ownerScope } from '../../platform/access/scope';
import {
  compileFilter,
  compileSort,
  cursorPredicate,
  type FieldDescriptors,
  sortKeySql,
} from '../../platform/filter';
import { buildSearchQuery, searchPredicate } from '../../platform/search';
import type { CustomerObject, CustomFieldDef } from './custom-field-values';
import { fieldDescriptors } from './customers.metadata';
import { companies, contacts } from './customers.schema';

/** The list parameters of `GET /contacts` and `GET /companies` (DESIGN §5). */
export interface ListParams {
  /** JSON filter tree (docs/filters.md). */
  filter?: string;
  /** `-createdAt,name`; `-createdAt` by default. */
  sort?: string;
  limit: number;
  cursor?: string;
  /** Free-text search over names (with pinyin), e-mails, phone digits and company names. */
  q?: string;
  /** True lists only deleted (restorable) records. */
  deleted?: boolean;
}

/** A compiled list query: what the repository runs. */
export interface ListPlan {
  where: SQL | undefined;
  orderBy: SQL;
  /** Select expression of the row's sort key, for the next cursor. */
  key: SQL;
  sort: string;
  limit: number;
}

/** Default order of every customer list: newest first. */
export const DEFAULT_SORT = '-createdAt';

const TABLES = { contact: contacts, company: companies } as const;

/**
 * Compiles list parameters over the object's metadata into a keyset-paginated query plan:
 * owner scope AND soft-delete state AND filter AND search AND cursor. Unknown fields, operators
 * that do not fit, bad sorts and cursors throw FilterError (400).
 */
export function planList(
  objectType: CustomerObject,
  params: ListParams,
  env: { actor: Actor; customFields: readonly CustomFieldDef[]; timeZone: string; fields?: FieldDescriptors },
): ListPlan {
  const t = TABLES[objectType];
  const fields = env.fields ?? fieldDescriptors(objectType, env.customFields);
  const sort = params.sort?.trim() || DEFAULT_SORT;
  const filter = compileFilter(parseFilterParam(params.filter), fields, {
    ctx: { userId: env.actor.userId, timeZone: env.timeZone, now: new Date() },
  });
  const where = and(
    // RLS seals the tenant already; saying it here too lets the planner match the (tenant_id, …) indexes.
    eq(t.tenantId, env.actor.tenantId),
    ownerScope(env.actor, t.ownerId),
    params.deleted ? isNotNull(t.deletedAt) : isNull(t.deletedAt),
    filter,
    params.q
      ? searchPredicate(buildSearchQuery(params.q), {
          textColumn: t.searchText,
          tokensColumn: t.searchTokens,
        })
      : undefined,
    params.cursor ? cursorPredicate(sort, fields, params.cursor, t.id) : undefined,
  );
  return {
    where,
    orderBy: compileSort(sort, fields, t.id),
    key: sortKeySql(sort, fields, t.id),
    sort,
    limit: params.limit,
  };
}
