import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  FilterError,
  formatSortParam,
  isIsoDate,
  isUuid,
  parseSortParam,
  type SortSpec,
  validateSort,
} from '../../../shared/filter';
import { param } from './compile';
import type { FieldDescriptor, FieldDescriptors } from './fields';

interface Key {
  x: SQL;
  desc: boolean;
  notNull: boolean;
  field: FieldDescriptor | null;
}

/** The sort keys in order, the id tie-breaker last (in the direction of the last key). */
function keysOf(spec: SortSpec, fields: FieldDescriptors, idColumn: SQLWrapper): Key[] {
  const keys: Key[] = spec.map((k) => {
    const field = fields[k.field];
    return { x: sql`(${field.sql})`, desc: k.dir === 'desc', notNull: field.notNull === true, field };
  });
  const lastDesc = keys.length > 0 && keys[keys.length - 1].desc;
  keys.push({ x: sql`${idColumn}`, desc: lastDesc, notNull: true, field: null });
  return keys;
}

/**
 * ORDER BY list for a sort spec (a parsed array or the `-createdAt,name` query parameter), with the
 * id as the last key so the order is total. Empty values come last in both directions.
 *
 * @throws FilterError for unknown or unsortable fields.
 */
export function compileSort(input: SortSpec | string, fields: FieldDescriptors, idColumn: SQLWrapper): SQL {
  const spec = validateSort(input, fields);
  const parts = keysOf(spec, fields, idColumn).map((k) => {
    const dir = k.desc ? sql`DESC` : sql`ASC`;
    // NOT NULL keys get no NULLS clause, so a plain (x, id) btree index serves either direction.
    return k.notNull ? sql`${k.x} ${dir}` : sql`${k.x} ${dir} NULLS LAST`;
  });
  return sql.join(parts, sql`, `);
}

/**
 * A select-list expression giving the sort-key values of a row as a JSON array of text (full
 * precision: timestamps keep their microseconds). Select it beside the row and pass the last row's
 * value to `encodeCursor` to get the next page's cursor.
 */
export function sortKeySql(input: SortSpec | string, fields: FieldDescriptors, idColumn: SQLWrapper): SQL {
  const spec = validateSort(input, fields);
  const parts = keysOf(spec, fields, idColumn).map((k) => sql`${k.x}::text`);
  return sql`json_build_array(${sql.join(parts, sql`, `)})`;
}

type CursorValue = string | number | boolean | bigint | Date | null;

interface CursorPayload {
  s: string;
  v: (string | null)[];
}

/**
 * An opaque cursor (base64url JSON) pointing just after a row, from its sort-key values and id in
 * sort order — preferably the array {@link sortKeySql} selected.
 */
export function encodeCursor(input: SortSpec | string, values: readonly CursorValue[]): string {
  const spec = formatSortParam(typeof input === 'string' ? parseSortParam(input) : input);
  const payload: CursorPayload = {
    s: spec,
    v: values.map((v) =>
      v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v),
    ),
  };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The sort and key values inside a cursor. @throws FilterError when it was not made by encodeCursor. */
export function decodeCursor(cursor: string, path = 'cursor'): { sort: string; values: (string | null)[] } {
  const fail = () =>
    FilterError.single(path, 'invalid_cursor', 'The cursor is invalid; start again from the first page');
  if (typeof cursor !== 'string' || cursor.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw fail();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  const p = payload as Partial<CursorPayload> | null;
  if (
    !p ||
    typeof p !== 'object' ||
    typeof p.s !== 'string' ||
    !Array.isArray(p.v) ||
    !p.v.every((v) => v === null || typeof v === 'string')
  ) {
    throw fail();
  }
  return { sort: p.s, values: p.v };
}

const NUMERIC_TEXT = /^(-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d{1,4})?|-?Infinity|NaN)$/i;
const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;

function validCursorValue(key: Key, value: string): boolean {
  if (!key.field) return isUuid(value) || /^[A-Za-z0-9_-]{1,64}$/.test(value);
  switch (key.field.type) {
    case 'number':
    case 'currency':
      return NUMERIC_TEXT.test(value);
    case 'date':
      return isIsoDate(value);
    case 'datetime':
      return DATETIME_TEXT.test(value) && isIsoDate(value.slice(0, 10));
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'user':
    case 'lookup':
      return isUuid(value);
    default:
      return true;
  }
}

/**
 * WHERE predicate for the rows after a cursor in the order {@link compileSort} gives, consistent with
 * its NULLS LAST placement in both directions and with mixed directions.
 *
 * @throws FilterError (`invalid_cursor`) for a tampered cursor or one made for another sort.
 */
export function cursorPredicate(
  input: SortSpec | string,
  fields: FieldDescriptors,
  cursor: string,
  idColumn: SQLWrapper,
  path = 'cursor',
): SQL {
  const spec = validateSort(input, fields);
  const { sort, values } = decodeCursor(cursor, path);
  const keys = keysOf(spec, fields, idColumn);
  const fail = (why: string) => FilterError.single(path, 'invalid_cursor', why);
  if (sort !== formatSortParam(spec))
    throw fail('The cursor was made for another sort order; start again from the first page');
  if (values.length !== keys.length) throw fail('The cursor is invalid; start again from the first page');
  keys.forEach((k, i) => {
    const v = values[i];
    if ((v === null && k.notNull) || (v !== null && !validCursorValue(k, v))) {
      throw fail('The cursor is invalid; start again from the first page');
    }
  });
  const bind = (k: Key, v: string) => (k.field ? param(k.field.type, v) : sql`${v}`);

  // Row comparison when every key is NOT NULL and goes the same way: one index range scan.
  if (keys.every((k) => k.notNull && k.desc === keys[0].desc)) {
    const cols = sql.join(
      keys.map((k) => k.x),
      sql`, `,
    );
    const vals = sql.join(
      keys.map((k, i) => bind(k, values[i] as string)),
      sql`, `,
    );
    return keys[0].desc ? sql`((${cols}) < (${vals}))` : sql`((${cols}) > (${vals}))`;
  }

  // Otherwise: (k1 after v1) OR (k1 = v1 AND k2 after v2) OR … with NULL as the last value.
  const branches: SQL[] = [];
  const equal: SQL[] = [];
  keys.forEach((k, i) => {
    const v = values[i];
    if (v !== null) {
      const after = k.desc ? sql`${k.x} < ${bind(k, v)}` : sql`${k.x} > ${bind(k, v)}`;
      branches.push(sql.join([...equal, k.notNull ? after : sql`(${after} OR ${k.x} IS NULL)`], sql` AND `));
    }
    equal.push(v === null ? sql`${k.x} IS NULL` : sql`${k.x} = ${bind(k, v)}`);
  });
  return sql`(${sql.join(
    branches.map((b) => sql`(${b})`),
    sql` OR `,
  )})`;
}
