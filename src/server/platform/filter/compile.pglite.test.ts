import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileEvaluator } from '../../../shared/filter';
import { compileFilter } from './compile';
import { CTX, FIELDS, filterArb, loadRecords, PROBE_DDL, recordsArb } from './testing';

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

async function matchingIds(filter: unknown): Promise<string[]> {
  const where = compileFilter(filter, FIELDS, { ctx: CTX });
  const result = await db.execute<{ id: string }>(sql`SELECT id FROM filter_probe WHERE ${where}`);
  return result.rows.map((r) => r.id).sort();
}

describe('compileFilter on PGlite', () => {
  it('returns exactly the records the in-memory evaluator matches', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordsArb(25),
        fc.array(filterArb(3), { minLength: 1, maxLength: 4 }),
        async (records, filters) => {
          await loadRecords(pg, records);
          for (const filter of filters) {
            const test = compileEvaluator(filter, FIELDS, { ctx: CTX });
            const expected = records
              .filter((r) => test(r.flat))
              .map((r) => r.flat.id as string)
              .sort();
            expect(await matchingIds(filter), JSON.stringify(filter)).toEqual(expected);
          }
        },
      ),
      { numRuns: 250 },
    );
  });

  it('finds Chinese text, and treats % _ \\ in contains literally', async () => {
    const records = [
      { name: '张三', note: '北京' },
      { name: 'a%b', note: 'x_y' },
      { name: 'back\\slash', note: null },
      { name: null, note: '张三丰' },
    ].map((r, i) => {
      const id = `0190a1b2-0000-7000-8000-${String(i + 1).padStart(12, '0')}`;
      return {
        row: { id, name: r.name, rank: 0, created_at: '2024-06-01T00:00:00Z', custom: { note: r.note } },
        flat: { id, ...r },
      };
    });
    await loadRecords(pg, records);
    const ids = async (filter: unknown) => (await matchingIds(filter)).map((id) => Number(id.slice(-2)));
    expect(await ids({ field: 'name', op: 'contains', value: '三' })).toEqual([1]);
    expect(await ids({ field: 'name', op: 'contains', value: '%' })).toEqual([2]);
    expect(await ids({ field: 'note', op: 'contains', value: '_' })).toEqual([2]);
    expect(await ids({ field: 'name', op: 'contains', value: '\\' })).toEqual([3]);
    expect(await ids({ field: 'name', op: 'not_contains', value: '张' })).toEqual([2, 3, 4]);
    expect(
      await ids({
        or: [
          { field: 'name', op: 'starts_with', value: '张' },
          { field: 'note', op: 'eq', value: '张三丰' },
        ],
      }),
    ).toEqual([1, 4]);
  });
});
