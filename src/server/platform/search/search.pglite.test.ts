import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchDdl } from './ddl.js';
import { buildSearchDocument, type SearchSource } from './document.js';
import { searchPredicate, searchRank, searchSelect } from './query.js';
import { sampleContacts } from './sample-data.js';

const dialect = new PgDialect();
const columns = { textColumn: sql.raw('search_text'), tokensColumn: sql.raw('search_tokens') };

const planted: (SearchSource & { id: number })[] = [
  {
    id: 1,
    names: ['张三'],
    emails: ['Zhang.San@QQ.com'],
    phones: ['+8613912345678'],
    companies: ['深圳市腾讯计算机系统有限公司'],
  },
  {
    id: 2,
    names: ['张三丰'],
    emails: ['wudang@example.cn'],
    phones: ['+8613700000001'],
    companies: ['武当派'],
  },
  { id: 3, names: ['单田芳'], emails: [], phones: ['010-87654321'], companies: [] },
  {
    id: 4,
    names: ['Ada Lovelace'],
    emails: ['ada@analytical.engine'],
    phones: ['+442071234567'],
    companies: ['Babbage Analytical Engines'],
  },
];

let db: PGlite;

async function run(query: SQL): Promise<Record<string, unknown>[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await db.query<Record<string, unknown>>(text, params as unknown[])).rows;
}

async function search(q: string): Promise<{ id: number; name: string; rank: number }[]> {
  const rows = await run(sql`
    SELECT id, name, ${searchRank(q, columns)} AS rank FROM contacts
    WHERE ${searchPredicate(q, columns)}
    ORDER BY rank, length(name), id LIMIT 20`);
  return rows as { id: number; name: string; rank: number }[];
}

beforeAll(async () => {
  db = new PGlite({ extensions: { pg_trgm } });
  await db.exec('CREATE TABLE contacts (id int PRIMARY KEY, name text NOT NULL)');
  for (const statement of searchDdl('contacts')) await db.exec(statement);
  const rows = [...planted, ...[...sampleContacts(3000, 7)].map((c) => ({ ...c, id: c.id + 100 }))];
  await db.transaction(async (tx) => {
    for (const row of rows) {
      const doc = buildSearchDocument(row);
      await tx.query('INSERT INTO contacts (id, name, search_text, search_tokens) VALUES ($1, $2, $3, $4)', [
        row.id,
        row.names[0],
        doc.text,
        doc.tokens,
      ]);
    }
  });
  await db.exec('ANALYZE contacts');
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('search on PGlite with pg_trgm', () => {
  it('finds 张三 by initials, first among exact matches', async () => {
    const hits = await search('zs');
    expect(hits[0]).toMatchObject({ id: 1, rank: 0 });
    expect(hits.map((h) => h.id)).toContain(2);
  });

  it('ranks the exact full pinyin before a prefix', async () => {
    const hits = await search('zhangsan');
    expect(hits.slice(0, 2).map((h) => [h.id, h.rank])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });

  it('finds every name with a Chinese character, names starting with it first', async () => {
    const hits = await search('张');
    expect(hits.length).toBeGreaterThan(10);
    expect(hits.every((h) => h.name.includes('张'))).toBe(true);
    expect(hits[0].rank).toBe(1);
    expect(hits[0].id).toBe(1);
  });

  it('finds a contact by the last four digits of a phone', async () => {
    const hits = await search('5678');
    expect(hits.map((h) => h.id)).toContain(1);
    const tail = await run(
      searchSelect('5678', { ...columns, from: sql.raw('contacts'), idColumn: sql.raw('id'), limit: 3 }),
    );
    expect(tail[0]).toEqual({ id: 1, rank: 1 });
    const exact = await search('139 1234 5678');
    expect(exact[0]).toMatchObject({ id: 1, rank: 0 });
  });

  it('finds a landline typed with its trunk prefix', async () => {
    expect((await search('010-87654321'))[0]).toMatchObject({ id: 3, rank: 0 });
  });

  it('finds by part of an e-mail address', async () => {
    expect((await search('zhang.san@'))[0]).toMatchObject({ id: 1, rank: 1 });
    expect((await search('analytical.eng'))[0]).toMatchObject({ id: 4 });
  });

  it('finds by a company fragment in Chinese and in English', async () => {
    expect((await search('腾讯'))[0]).toMatchObject({ id: 1, rank: 2 });
    expect((await search('babbage'))[0]).toMatchObject({ id: 4, rank: 1 });
  });

  it('uses surname readings of 多音字 and combines terms', async () => {
    expect((await search('shantianfang'))[0]).toMatchObject({ id: 3, rank: 0 });
    expect((await search('stf'))[0]).toMatchObject({ id: 3, rank: 0 });
    const both = await search('张三 腾讯');
    expect(both.map((h) => h.id)).toEqual([1]);
  });

  it('matches nothing for queries too short to mean anything', async () => {
    expect(await search('12')).toEqual([]);
    expect(await search('@')).toEqual([]);
  });

  it('searchSelect fetches candidates tier by tier and ranks them', async () => {
    const select = (q: string) =>
      run(searchSelect(q, { ...columns, from: sql.raw('contacts'), idColumn: sql.raw('id'), limit: 5 }));
    const zs = await select('zhangsan');
    expect(zs.slice(0, 2)).toEqual([
      { id: 1, rank: 0 },
      { id: 2, rank: 1 },
    ]);
    const zh = await select('张');
    expect(zh).toHaveLength(5);
    expect(zh[0]).toEqual({ id: 1, rank: 1 });
    expect(await select('139 1234 5678')).toEqual([{ id: 1, rank: 0 }]);
    expect(await select('+86 139 1234 5678')).toEqual([{ id: 1, rank: 0 }]);
    const scoped = await run(
      searchSelect('zs', {
        ...columns,
        from: sql.raw('contacts'),
        idColumn: sql.raw('id'),
        where: sql`id > 1`,
      }),
    );
    expect(scoped.map((r) => r.id)).not.toContain(1);
  });

  it('answers every kind of query from an index', async () => {
    await db.exec('SET enable_seqscan = off');
    try {
      for (const [q, index] of [
        ['zs', 'contacts_search_tokens_gin'],
        ['张', 'contacts_search_tokens_gin'],
        ['zhangsan', 'contacts_search_text_trgm'],
        ['5678', 'contacts_search_text_trgm'],
      ]) {
        const plan = await run(sql`EXPLAIN SELECT id FROM contacts WHERE ${searchPredicate(q, columns)}`);
        expect(plan.map((r) => Object.values(r)[0]).join('\n')).toContain(index);
      }
    } finally {
      await db.exec('RESET enable_seqscan');
    }
  });
});
