/**
 * Loads N generated contacts and times the search queries (see docs/adr/0002-search.md).
 * Not part of the test suite.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres node --import tsx src/server/platform/search/bench.ts 1000000
 *   PGLITE_DIR=/tmp/gx-pglite node --import tsx src/server/platform/search/bench.ts 300000
 * Add `noload` to reuse the loaded table; MODE=rank times the single ORDER BY rank query instead.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { searchDdl } from './ddl.js';
import { buildSearchDocument } from './document.js';
import { searchPredicate, searchRank, searchSelect } from './query.js';
import { sampleContacts } from './sample-data.js';

interface Db {
  exec(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  copyIn(rows: AsyncIterable<string> | Iterable<string>): Promise<void>;
  end(): Promise<void>;
}

const count = Number(process.argv[2] ?? 100_000);
const load = process.argv[3] !== 'noload';
const dialect = new PgDialect();
const columns = { textColumn: sql.raw('search_text'), tokensColumn: sql.raw('search_tokens') };

async function openDb(): Promise<Db> {
  if (process.env.PGLITE_DIR) {
    const db = await PGlite.create({ dataDir: process.env.PGLITE_DIR, extensions: { pg_trgm } });
    return {
      exec: async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
      copyIn: async (rows) => {
        const parts: string[] = [];
        for (const row of rows as Iterable<string>) parts.push(row);
        await db.query("COPY contacts (id, name, search_text, search_tokens) FROM '/dev/blob'", [], {
          blob: new Blob(parts),
        });
      },
      end: () => db.close(),
    };
  }
  const db = postgres(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:55432/postgres', {
    max: 1,
    onnotice: () => {},
  });
  return {
    exec: async (text, params) => [...(await db.unsafe(text, (params ?? []) as never[]))],
    copyIn: async (rows) => {
      const writable = await db`COPY contacts (id, name, search_text, search_tokens) FROM STDIN`.writable();
      let chunk = '';
      for (const row of rows as Iterable<string>) {
        chunk += row;
        if (chunk.length > 1 << 20) {
          if (!writable.write(chunk)) await new Promise((resolve) => writable.once('drain', resolve));
          chunk = '';
        }
      }
      await new Promise<void>((resolve, reject) =>
        writable.end(chunk, () => resolve()).once('error', reject),
      );
    },
    end: () => db.end(),
  };
}

function copyArray(tokens: string[]): string {
  // COPY text format of a text[]: each element double-quoted; backslashes doubled twice (array, then COPY).
  return `{${tokens.map((t) => `"${t.replace(/\\/g, '\\\\\\\\').replace(/"/g, '\\\\"')}"`).join(',')}}`;
}

function copyText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

function* copyRows(): Generator<string> {
  for (const contact of sampleContacts(count, 42)) {
    const doc = buildSearchDocument(contact);
    yield `${contact.id}\t${copyText(contact.names[0])}\t${copyText(doc.text)}\t${copyArray(doc.tokens)}\n`;
  }
}

async function loadData(db: Db): Promise<void> {
  await db.exec('DROP TABLE IF EXISTS contacts');
  await db.exec('CREATE TABLE contacts (id int PRIMARY KEY, name text NOT NULL)');
  const ddl = searchDdl('contacts');
  for (const statement of ddl.filter((s) => !s.includes('INDEX'))) await db.exec(statement);
  const started = performance.now();
  await db.copyIn(copyRows());
  console.log(`loaded ${count} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const statement of ddl.filter((s) => s.includes('INDEX'))) {
    const t = performance.now();
    await db.exec(statement);
    console.log(`${statement.split(' ')[5]}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.exec('VACUUM ANALYZE contacts');
}

function searchSql(q: string): SQL {
  if (process.env.MODE === 'rank') {
    return sql`SELECT id, name, ${searchRank(q, columns)} AS rank FROM contacts
      WHERE ${searchPredicate(q, columns)} ORDER BY rank, length(name), id LIMIT 20`;
  }
  return searchSelect(q, { ...columns, from: sql.raw('contacts'), idColumn: sql.raw('id') });
}

async function main(): Promise<void> {
  const db = await openDb();
  if (load) await loadData(db);
  console.table(
    await db.exec(`SELECT relname, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
      WHERE relname LIKE 'contacts%' ORDER BY relname`),
  );
  // A planted 张三 that "zs", "zhangsan", "张三", the last digits of its phone and its e-mail must find.
  const planted = buildSearchDocument({
    names: ['张三'],
    emails: ['zhang.san@guanxi.example'],
    phones: ['+8613912345678'],
    companies: ['深圳市腾讯计算机系统有限公司'],
  });
  await db.exec(
    `INSERT INTO contacts (id, name, search_text, search_tokens) VALUES ($1, '张三', $2, $3)
     ON CONFLICT (id) DO UPDATE SET search_text = excluded.search_text, search_tokens = excluded.search_tokens`,
    [count + 1, planted.text, planted.tokens],
  );
  const ids = [0.0042, 0.5, 0.777].map((f) => Math.floor(count * f));
  const sample = await db.exec('SELECT name, search_text FROM contacts WHERE id = ANY($1) ORDER BY id', [
    ids,
  ]);
  const phone = String(sample[0].search_text).match(/\|(1\d{10})\|/)?.[1] ?? '13800138000';
  const email = String(sample[1].search_text).match(/\|([^|]+@[^|]+)\|/)?.[1] ?? 'user@qq.com';
  const queries = [
    'zs',
    'zhangsan',
    '张三',
    '5678',
    'zhang.san@guanxi',
    'zhang',
    '张',
    '张伟',
    '王秀英',
    'li',
    phone.slice(-4),
    phone,
    email.slice(0, 9),
    '腾讯',
    'acme',
    '科技有限',
    'wang xiu',
    String(sample[2].name),
  ];
  for (const q of queries) {
    const { sql: text, params } = dialect.sqlToQuery(searchSql(q));
    const plan = await db.exec(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
    const indexes = [...new Set(planText.match(/contacts_search_\w+/g) ?? [])].join(',');
    const times: number[] = [];
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      rows = await db.exec(text, params);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const candidates =
      [...planText.matchAll(/Bitmap Heap Scan[^\n]*actual time=[^)]*rows=(\d+)/g)]
        .map((m) => m[1])
        .join('/') || '?';
    console.log(
      `${JSON.stringify(q).padEnd(18)} rows=${rows.length} first=${rows[0]?.id ?? '-'}/${rows[0]?.rank ?? '-'} candidates=${candidates} p50=${times[10].toFixed(1)}ms p95=${times[18].toFixed(1)}ms index=${indexes || 'NONE'}`,
    );
    if (process.env.SHOW_PLAN) console.log(planText);
  }
  await db.end();
}

await main();
