import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { pinyin } from 'pinyin-pro';
import { companies, contacts } from '../../src/server/modules/customers/customers.schema';
import { buildSearchQuery, searchSelect } from '../../src/server/platform/search/index';
import type { DatasetResult, SeedContact } from '../seed';
import type { Scenario, Variant } from './scenario';

/** Hits per search, as the web app's command palette asks. */
const LIMIT = 20;
/** Queries per kind drawn from the seeded rows. */
const QUERIES = 200;

/** What a user types, derived from one seeded contact (undefined when it does not apply). */
type QueryOf = (c: SeedContact) => string | undefined;

const isHan = (c: SeedContact) => c.locale === 'zh-CN';
const syllables = (name: string) =>
  pinyin(name, { toneType: 'none', type: 'array', surname: 'head' }) as string[];

/** The query kinds of issue 3 §4, each drawn from real seeded rows. */
const KINDS: Array<{ name: string; example: string; of: QueryOf }> = [
  {
    name: 'pinyin initials',
    example: '张三 → zs',
    of: (c) =>
      isHan(c)
        ? syllables(c.name)
            .map((s) => s[0])
            .join('')
        : undefined,
  },
  {
    name: 'full pinyin',
    example: 'zhangsan',
    of: (c) => (isHan(c) ? syllables(c.name).join('') : undefined),
  },
  {
    name: 'Han fragment',
    example: 'the given name, 三 / 秀英',
    of: (c) => (isHan(c) ? Array.from(c.name).slice(-2).join('') : undefined),
  },
  { name: 'phone last 4', example: '8438', of: (c) => c.phone.slice(-4) },
  { name: 'e-mail part', example: 'the local part', of: (c) => c.email.split('@')[0] },
  { name: 'company name', example: 'a seeded company', of: (c) => (c.companyId ? c.company : undefined) },
];

/** Up to QUERIES queries of one kind, spread over the whole data set. */
function queriesOf(dataset: DatasetResult | undefined, of: QueryOf): string[] {
  if (!dataset) throw new Error('search needs the seeded data set (seedContacts)');
  const all = dataset.samples.map(of).filter((q): q is string => !!q);
  const step = Math.max(1, Math.floor(all.length / QUERIES));
  const picked = all.filter((_, i) => i % step === 0).slice(0, QUERIES);
  if (picked.length === 0) throw new Error('no seeded rows to draw search queries from');
  return picked;
}

const dialect = new PgDialect();

/** The statements of one search as the repository runs them, rendered by the same builders. */
function searchStatements(q: string, tenantId: string) {
  const query = buildSearchQuery(q);
  const select = (t: typeof contacts | typeof companies) =>
    dialect.sqlToQuery(
      searchSelect(query, {
        textColumn: t.searchText,
        tokensColumn: t.searchTokens,
        from: t,
        idColumn: t.id,
        where: and(eq(t.tenantId, tenantId), isNull(t.deletedAt)) as SQL,
        limit: LIMIT,
      }),
    );
  return { contacts: select(contacts), companies: select(companies) };
}

function kindVariant(kind: (typeof KINDS)[number]): Variant {
  return {
    name: kind.name,
    async http(session) {
      const queries = queriesOf(session.dataset, kind.of);
      let n = 0;
      return [
        {
          method: 'GET',
          path: '/api/v1/search',
          headers: session.auth,
          setupRequest(req) {
            const q = queries[n++ % queries.length];
            return { ...req, path: `/api/v1/search?${new URLSearchParams({ q, limit: String(LIMIT) })}` };
          },
        },
      ];
    },
    async baseline(session) {
      const { tenantId, userId } = session.workspace;
      const statements = queriesOf(session.dataset, kind.of).map((q) => searchStatements(q, tenantId));
      return {
        prepare: (n) => statements[n % statements.length],
        async run(s: ReturnType<typeof searchStatements>) {
          await session.raw.tenantTx(tenantId, userId, async (q) => {
            // The lookup role lets the GIN/trigram indexes apply under row-level security.
            await q(`select set_config('role', 'guanxi_lookup', true)`);
            const contactIds = await q(s.contacts.sql, s.contacts.params);
            const companyIds = await q(s.companies.sql, s.companies.params);
            await q(`select set_config('role', 'guanxi_app', true)`);
            await q(
              'select id, name, coalesce(company_name, email, phone) as subtitle from contacts where id = any($1::uuid[])',
              [contactIds.map((r) => r.id)],
            );
            await q(
              'select id, name, coalesce(industry, website, phone_keys[1]) as subtitle from companies where id = any($1::uuid[])',
              [companyIds.map((r) => r.id)],
            );
          });
        },
      };
    },
  };
}

/** GET /api/v1/search?q= over contacts and companies, one variant per kind of query. */
export const search: Scenario = {
  name: 'search',
  title: 'Search contacts and companies by any fragment (GET /api/v1/search)',
  floor: {
    text: 'p95 ≤ 100 ms on PostgreSQL (issue 3, at 1M contacts); PGlite has no search budget',
    check: (driver, m) =>
      driver === 'postgres' ? m.p95 <= 100 && m.errors === 0 && m.non2xx === 0 : undefined,
  },
  notes: [
    `Queries drawn from the seeded rows (every 1,000th contact, up to ${QUERIES} per kind, cycled): ${KINDS.map((k) => `${k.name} (${k.example})`).join(', ')}. \`limit=${LIMIT}\`, both record types.`,
  ],
  seedContacts: (args) => args.seedContacts,
  variants: KINDS.map(kindVariant),
};
