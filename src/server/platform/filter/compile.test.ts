import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FieldType, FilterError } from '../../../shared/filter';
import { compileFilter } from './compile';
import { customField } from './fields';
import { CTX, FIELDS, filterArb, probe } from './testing';

const dialect = new PgDialect();
const toQuery = (input: unknown) => dialect.sqlToQuery(compileFilter(input, FIELDS, { ctx: CTX }));

describe('compileFilter', () => {
  it('compiles a nested filter to parameterised SQL', () => {
    const q = toQuery({
      and: [
        { field: 'name', op: 'contains', value: '张_三%' },
        {
          or: [
            { field: 'stage', op: 'neq', value: '流失' },
            { field: 'tier', op: 'in', value: ['lead', 'customer'] },
          ],
        },
      ],
    });
    expect(q.sql).toBe(
      `(("filter_probe"."name") ILIKE $1 AND ((("filter_probe"."stage") IS NULL OR ("filter_probe"."stage") <> $2) OR (("filter_probe"."custom"->>'tier')) IN ($3, $4)))`,
    );
    expect(q.params).toEqual(['%张\\_三\\%%', '流失', 'lead', 'customer']);
  });

  it('compiles no filter to TRUE', () => {
    expect(toQuery(undefined).sql).toBe('TRUE');
    expect(toQuery({ or: [{ and: [] }] }).sql).toBe('TRUE');
  });

  it('casts custom fields by type and guards against values of the wrong JSON type', () => {
    const q = (type: FieldType) => dialect.sqlToQuery(customField({ key: 'k', type }).sql.getSQL()).sql;
    expect(q('number')).toBe(
      `(CASE WHEN jsonb_typeof((custom->'k')) = 'number' THEN (custom->>'k')::numeric END)`,
    );
    expect(q('date')).toBe(`(NULLIF((custom->>'k'), '') COLLATE "C")`);
    expect(q('multi_select')).toContain(`jsonb_typeof((custom->'k')) = 'array'`);
    expect(() => customField({ key: "x'; drop", type: 'text' })).toThrow(/not an identifier/);
  });

  it('uses jsonb array operators for custom multi-selects and array operators for text[] columns', () => {
    expect(toQuery({ field: 'labels', op: 'has_all', value: ['vip'] }).sql).toContain('?& ARRAY[$1]::text[]');
    expect(toQuery({ field: 'tags', op: 'has_any', value: ['vip'] }).sql).toContain('&& ARRAY[$1]::text[]');
  });

  it('throws FilterError naming the problem', () => {
    try {
      compileFilter({ and: [{ field: 'age', op: 'starts_with', value: '1' }] }, FIELDS);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FilterError);
      expect((e as FilterError).errors[0]).toMatchObject({
        field: 'filter.and.0.op',
        code: 'invalid_operator',
      });
    }
  });

  it('accepts plain columns and expressions as field SQL', () => {
    const q = dialect.sqlToQuery(
      compileFilter(
        { field: 'x', op: 'gte', value: 2 },
        { x: { key: 'x', type: 'number', sql: sql`(${probe.rank} * 2)` } },
      ),
    );
    expect(q).toMatchObject({ sql: '((("filter_probe"."rank" * 2)) >= $1::numeric)', params: ['2'] });
  });
});

const MARKED_OPTIONS = ['甲级', "乙级'", '〆 vip'];
/** FIELDS with option lists that cannot be mistaken for identifiers in the SQL text. */
const MARKED_FIELDS = Object.fromEntries(
  Object.entries(FIELDS).map(([k, f]) => [k, f.options ? { ...f, options: MARKED_OPTIONS } : f]),
);

/** Values that cannot occur in SQL text by accident: text always carries a CJK marker, numbers have 5+ digits. */
function markedScalar(type: FieldType): fc.Arbitrary<string | number | boolean> {
  const marked = fc
    .tuple(fc.string({ maxLength: 6 }), fc.constantFrom('〆', '张', '關'), fc.string({ maxLength: 6 }))
    .map(([a, m, b]) => `${a}${m}${b}`);
  switch (type) {
    case 'text':
    case 'phone':
    case 'url':
      return fc.oneof(
        marked,
        marked.map((s) => `'; DROP TABLE filter_probe; --${s}`),
      );
    case 'email':
      return marked.map((s) => `${s.toLowerCase()}@例子.cn`);
    case 'number':
      return fc.oneof(
        fc.integer({ min: 10_000, max: 2_000_000_000 }),
        fc.integer({ min: 10_000, max: 99_999 }).map((n) => n + 0.25),
      );
    case 'currency':
      return fc.integer({ min: 10_000, max: 99_999_999 }).map((n) => `${n}.99`);
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'datetime':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'boolean':
      return fc.boolean();
    case 'select':
    case 'multi_select':
      return fc.constantFrom(...MARKED_OPTIONS);
    default:
      return fc.uuid().map((u) => u.toLowerCase());
  }
}

function leaves(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) leaves(n, out);
  else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if ('and' in n || 'or' in n) leaves(n.and ?? n.or, out);
    else if (n.value !== undefined) for (const v of [n.value].flat()) out.push(v);
  } else out.push(node);
  return out;
}

describe('compileFilter properties', () => {
  it('never writes a value into the SQL text: every value is a bound parameter', () => {
    fc.assert(
      fc.property(filterArb(3, markedScalar, MARKED_FIELDS), (filter) => {
        const { sql: text, params } = dialect.sqlToQuery(compileFilter(filter, MARKED_FIELDS, { ctx: CTX }));
        const bound = params.map(String).join('\u0000');
        for (const v of leaves(filter)) {
          if (typeof v === 'boolean' || v === '@me') continue;
          if (typeof v === 'number' && !Number.isInteger(v) && v < 10_000) continue; // relative days
          if (typeof v === 'number' && v < 10_000) continue;
          const s = String(v);
          expect(text).not.toContain(s);
          const escaped = s.replace(/[\\%_]/g, (c) => `\\${c}`);
          expect(bound.includes(s) || bound.includes(escaped)).toBe(true);
        }
        expect(text).not.toMatch(/DROP TABLE/);
      }),
      { numRuns: 300 },
    );
  });
});
