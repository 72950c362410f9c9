import type { BaselineSession, HttpSession } from '../lib/session';
import type { Scenario, Variant } from './scenario';

const LIMIT = 50;
const DEEP_PAGE = 20;

/** The cursor of page `page` (1-based), walking the API page by page as a client would. */
async function httpCursor(session: HttpSession, page: number): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let p = 1; p < page; p++) {
    const qs = new URLSearchParams({ limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${session.url}/api/v1/contacts?${qs}`, { headers: session.auth });
    if (!res.ok) throw new Error(`listing page ${p}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) throw new Error(`only ${p} pages of contacts; seed more`);
    cursor = body.nextCursor;
  }
  return cursor;
}

/** What the repository runs for one page (admin: no owner predicate; RLS adds the tenant). */
function pageSql(columns: string, limit: number, after: boolean): string {
  const keyset = after ? 'and (created_at, id) < ($1::timestamptz, $2::uuid)' : '';
  return `select ${columns} from contacts where deleted_at is null ${keyset}
    order by created_at desc, id desc limit ${limit}`;
}

/** The keyset position after page `page - 1`, found with raw SQL. */
async function sqlKeyset(session: BaselineSession, page: number): Promise<[string, string] | undefined> {
  const { tenantId, userId } = session.workspace;
  let after: [string, string] | undefined;
  for (let p = 1; p < page; p++) {
    const rows = await session.raw.tenantTx(tenantId, userId, (q) =>
      q(pageSql('created_at, id', LIMIT, !!after), after),
    );
    const last = rows.at(-1);
    if (!last) throw new Error(`only ${p} pages of contacts in the baseline database`);
    after = [new Date(last.created_at as string).toISOString(), String(last.id)];
  }
  return after;
}

function pageVariant(name: string, page: number): Variant {
  return {
    name,
    async http(session) {
      const cursor = await httpCursor(session, page);
      const qs = new URLSearchParams({ limit: String(LIMIT), ...(cursor ? { cursor } : {}) });
      return [{ method: 'GET', path: `/api/v1/contacts?${qs}`, headers: session.auth }];
    },
    async baseline(session) {
      const { tenantId, userId } = session.workspace;
      const after = await sqlKeyset(session, page);
      // The service asks for one row more than the page, to know whether there is a next one.
      const text = pageSql('*', LIMIT + 1, !!after);
      return {
        prepare: () => undefined,
        async run() {
          await session.raw.tenantTx(tenantId, userId, (q) => q(text, after));
        },
      };
    },
  };
}

/** GET /api/v1/contacts: the newest page of 50, and page 20 through the opaque keyset cursor. */
export const contactsList: Scenario = {
  name: 'contacts-list',
  title: 'List contacts, 50 per page, newest first (keyset cursor)',
  floor: {
    text: 'p95 ≤ 50 ms on PostgreSQL, ≤ 150 ms on PGlite (issue 3 list budget; there at 1M rows with a filter)',
    check: (driver, m) =>
      (driver === 'postgres' ? m.p95 <= 50 : m.p95 <= 150) && m.errors === 0 && m.non2xx === 0,
  },
  seedContacts: (args) => args.seedContacts,
  variants: [pageVariant('first page', 1), pageVariant(`page ${DEEP_PAGE}`, DEEP_PAGE)],
};
