import type { BaselineSession, HttpSession } from '../lib/session';
import type { Scenario, Variant } from './scenario';

const LIMIT = 50;
/** "Deep" pages are this far in: 10,000 rows past the first one. */
const DEEP_PAGE = 201;

/** A list view as the web app asks for it, and the SQL the repository runs for it. */
interface View {
  /** `filter` and `sort` query parameters of GET /api/v1/contacts. */
  params: Record<string, string>;
  /** WHERE conditions beside tenant and `deleted_at is null`. */
  where: string;
  /** Key columns in sort order (all NOT NULL) and their direction. */
  keys: string[];
  desc: boolean;
}

/** Newest first, no filter: the default list. */
const NEWEST: View = { params: {}, where: '', keys: ['created_at', 'id'], desc: true };

/** "Customers, newest first" (~a quarter of the contacts): the filter + sort an index serves. */
const CUSTOMERS_NEWEST: View = {
  params: {
    filter: JSON.stringify({ field: 'lifecycleStage', op: 'eq', value: 'customer' }),
    sort: '-createdAt',
  },
  where: `and lifecycle_stage = 'customer'`,
  keys: ['created_at', 'id'],
  desc: true,
};

/**
 * "Customers in Guangdong, by name" (~4% of the seeded contacts): two filters and a sort. Served by
 * `contacts_province_name_idx` (tenant, province, name, id) with the stage as a filter (~1 row in 4
 * matches); walking `contacts_name_idx` instead passes ~400,000 Latin names without a province first.
 */
const CUSTOMERS_BY_NAME: View = {
  params: {
    filter: JSON.stringify({
      and: [
        { field: 'lifecycleStage', op: 'eq', value: 'customer' },
        { field: 'provinceCode', op: 'eq', value: '440000' },
      ],
    }),
    sort: 'name',
  },
  where: `and lifecycle_stage = 'customer' and province_code = '440000'`,
  keys: ['name', 'id'],
  desc: false,
};

/** The cursor of page `page` (1-based), walking the API page by page as a client would. */
async function httpCursor(session: HttpSession, view: View, page: number): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let p = 1; p < page; p++) {
    const qs = new URLSearchParams({ ...view.params, limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${session.url}/api/v1/contacts?${qs}`, { headers: session.auth });
    if (!res.ok) throw new Error(`listing page ${p}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { nextCursor: string | null };
    // A small data set has fewer pages: the last one is as deep as it gets.
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return cursor;
}

/** What the repository runs for one page (admin: no owner predicate; tenant stated and sealed by RLS). */
function pageSql(view: View, columns: string, limit: number, after: boolean): string {
  const keys = view.keys.join(', ');
  const params = view.keys.map((_, i) => `$${i + 2}`).join(', ');
  const keyset = after ? `and (${keys}) ${view.desc ? '<' : '>'} (${params})` : '';
  const order = view.keys.map((k) => `${k} ${view.desc ? 'desc' : 'asc'}`).join(', ');
  return `select ${columns} from contacts where tenant_id = $1 and deleted_at is null ${view.where} ${keyset}
    order by ${order} limit ${limit}`;
}

/** The keyset position after page `page - 1`, found with raw SQL. */
async function sqlKeyset(session: BaselineSession, view: View, page: number): Promise<string[] | undefined> {
  const { tenantId, userId } = session.workspace;
  let after: string[] | undefined;
  for (let p = 1; p < page; p++) {
    const rows = await session.raw.tenantTx(tenantId, userId, (q) =>
      q(pageSql(view, view.keys.join(', '), LIMIT, !!after), [tenantId, ...(after ?? [])]),
    );
    const last = rows.at(-1);
    if (!last || rows.length < LIMIT) break;
    after = view.keys.map((k) =>
      last[k] instanceof Date
        ? (last[k] as Date).toISOString()
        : k === 'created_at'
          ? new Date(last[k] as string).toISOString()
          : String(last[k]),
    );
  }
  return after;
}

function pageVariant(name: string, view: View, page: number): Variant {
  return {
    name,
    async http(session) {
      const cursor = await httpCursor(session, view, page);
      const qs = new URLSearchParams({ ...view.params, limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
      return [{ method: 'GET', path: `/api/v1/contacts?${qs}`, headers: session.auth }];
    },
    async baseline(session) {
      const { tenantId, userId } = session.workspace;
      const after = await sqlKeyset(session, view, page);
      // The service asks for one row more than the page, to know whether there is a next one.
      const text = pageSql(view, '*', LIMIT + 1, !!after);
      return {
        prepare: () => undefined,
        async run() {
          await session.raw.tenantTx(tenantId, userId, (q) => q(text, [tenantId, ...(after ?? [])]));
        },
      };
    },
  };
}

/**
 * GET /api/v1/contacts, 50 per page: the newest page, a deep page through the opaque keyset
 * cursor, and the same two for a filtered view sorted by name.
 */
export const contactsList: Scenario = {
  name: 'contacts-list',
  title: 'List contacts, 50 per page (filter + sort, keyset cursor)',
  floor: {
    text: 'p95 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite, first and deep pages alike (issue 3, at 1M contacts)',
    check: (driver, m) =>
      (driver === 'postgres' ? m.p95 <= 50 : m.p95 <= 150) && m.errors === 0 && m.non2xx === 0,
  },
  notes: [
    `Views: "newest" = no filter, \`sort=-createdAt\`; "customers newest" = \`lifecycleStage eq customer\`, \`sort=-createdAt\` (index \`contacts_stage_idx\`: tenant, stage, createdAt, id); "customers in 广东 by name" = \`lifecycleStage eq customer AND provinceCode eq 440000\`, \`sort=name\` (~4% of contacts; index \`contacts_province_name_idx\`: tenant, province, name, id, stage filtered). Deep = page ${DEEP_PAGE} (or the last page of a smaller data set), reached by following \`nextCursor\` from page 1 (${((DEEP_PAGE - 1) * LIMIT).toLocaleString('en-US')} rows in).`,
  ],
  seedContacts: (args) => args.seedContacts,
  variants: [
    pageVariant('newest, first page', NEWEST, 1),
    pageVariant(`newest, page ${DEEP_PAGE}`, NEWEST, DEEP_PAGE),
    pageVariant('customers newest, first page', CUSTOMERS_NEWEST, 1),
    pageVariant(`customers newest, page ${DEEP_PAGE}`, CUSTOMERS_NEWEST, DEEP_PAGE),
    pageVariant('customers in 广东 by name, first page', CUSTOMERS_BY_NAME, 1),
    pageVariant(`customers in 广东 by name, page ${DEEP_PAGE}`, CUSTOMERS_BY_NAME, DEEP_PAGE),
  ],
};
