import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilterError, type SortSpec } from '../../../shared/filter';
import { compileFilter } from './compile';
import { compileSort, cursorPredicate, decodeCursor, encodeCursor, sortKeySql } from './sort';
import { CTX, FIELDS, filterArb, loadRecords, PROBE_DDL, probe, recordsArb } from './testing';

let pg: PGlite;
let db: ReturnType<typeof drizzle>;

beforeAll(async () => {
  pg = new PGlite();
  db = drizzle({ client: pg });
  await pg.exec(PROBE_DDL);
});

afterAll(async () => {
  await pg?.close();
});

const dialect = new PgDialect();
const SORTABLE = Object.values(FIELDS)
  .filter((f) => f.type !== 'multi_select')
  .map((f) => f.key);

const sortArb: fc.Arbitrary<SortSpec> = fc.uniqueArray(
  fc.record({ field: fc.constantFrom(...SORTABLE), dir: fc.constantFrom('asc' as const, 'desc' as const) }),
  { minLength: 0, maxLength: 3, selector: (k) => k.field },
);

async function page(where: SQL, spec: SortSpec, cursor: string | null, limit: number) {
  const after = cursor ? cursorPredicate(spec, FIELDS, cursor, probe.id) : sql`TRUE`;
  const result = await db.execute<{ id: string; k: (string | null)[] }>(
    sql`SELECT id, ${sortKeySql(spec, FIELDS, probe.id)} AS k FROM filter_probe
        WHERE ${where} AND ${after} ORDER BY ${compileSort(spec, FIELDS, probe.id)} LIMIT ${limit}`,
  );
  return result.rows;
}

describe('keyset pagination', () => {
  it('visits every row exactly once, in the order of a full ORDER BY', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordsArb(30),
        sortArb,
        fc.integer({ min: 1, max: 7 }),
        fc.option(filterArb(1), { freq: 3 }),
        async (records, spec, limit, filter) => {
          await loadRecords(pg, records);
          const where = compileFilter(filter ?? undefined, FIELDS, { ctx: CTX });
          const full = await db.execute<{ id: string }>(
            sql`SELECT id FROM filter_probe WHERE ${where} ORDER BY ${compileSort(spec, FIELDS, probe.id)}`,
          );
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let i = 0; i <= records.length; i++) {
            const rows = await page(where, spec, cursor, limit);
            seen.push(...rows.map((r) => r.id));
            if (rows.length < limit) break;
            cursor = encodeCursor(spec, rows[rows.length - 1].k);
          }
          expect(seen).toEqual(full.rows.map((r) => r.id));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('puts empty values last in both directions', async () => {
    const rows = [null, '2', '1'].map((age, i) => {
      const id = `0190a1b2-0000-7000-8000-${String(i + 1).padStart(12, '0')}`;
      return { row: { id, age, rank: 0, created_at: '2024-06-01T00:00:00Z', custom: {} }, flat: { id } };
    });
    await loadRecords(pg, rows);
    const order = async (s: string) =>
      (
        await db.execute<{ age: string | null }>(
          sql`SELECT age FROM filter_probe ORDER BY ${compileSort(s, FIELDS, probe.id)}`,
        )
      ).rows.map((r) => r.age);
    expect(await order('age')).toEqual(['1', '2', null]);
    expect(await order('-age')).toEqual(['2', '1', null]);
  });

  it('uses a row comparison for NOT NULL keys in one direction', () => {
    const cursor = encodeCursor('-createdAt,-rank', [
      '2024-06-01 00:00:00.123456+00',
      '3',
      '0190a1b2-0000-7000-8000-000000000001',
    ]);
    const q = dialect.sqlToQuery(cursorPredicate('-createdAt,-rank', FIELDS, cursor, probe.id));
    expect(q.sql).toBe(
      '((("filter_probe"."created_at"), ("filter_probe"."rank"), "filter_probe"."id") < ($1, $2::numeric, $3))',
    );
    expect(q.params).toEqual(['2024-06-01 00:00:00.123456+00', '3', '0190a1b2-0000-7000-8000-000000000001']);
    expect(dialect.sqlToQuery(compileSort('-createdAt', FIELDS, probe.id)).sql).toBe(
      '("filter_probe"."created_at") DESC, "filter_probe"."id" DESC',
    );
  });

  it('rejects tampered cursors and cursors of another sort with FilterError', () => {
    const good = encodeCursor('name', ['张三', '0190a1b2-0000-7000-8000-000000000001']);
    expect(decodeCursor(good)).toEqual({
      sort: 'name',
      values: ['张三', '0190a1b2-0000-7000-8000-000000000001'],
    });
    const id = '0190a1b2-0000-7000-8000-000000000001';
    const bad: [string, string][] = [
      ['name', 'not base64!'],
      ['name', Buffer.from('{"s":"name"').toString('base64url')],
      ['name', Buffer.from('[1,2]').toString('base64url')],
      ['name', encodeCursor('name', ['x'])],
      ['name', encodeCursor('name', ['x', null])],
      ['name', encodeCursor('name', ['x', "1'; drop table x"])],
      ['age', encodeCursor('age', ['ten', id])],
      ['birthday', encodeCursor('birthday', ['2024-02-30', id])],
      ['createdAt', encodeCursor('createdAt', [null, id])],
      ['name', encodeCursor('-name', ['x', id])],
    ];
    for (const [sort, cursor] of bad) {
      try {
        cursorPredicate(sort, FIELDS, cursor, probe.id);
        expect.unreachable(cursor);
      } catch (e) {
        expect(e).toBeInstanceOf(FilterError);
        expect((e as FilterError).errors[0]).toMatchObject({ field: 'cursor', code: 'invalid_cursor' });
      }
    }
  });
});
