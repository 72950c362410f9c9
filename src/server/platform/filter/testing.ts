/**
 * Test support for the filter compiler: a probe table with one column per field type plus a
 * `custom jsonb`, the matching field descriptors, and fast-check generators of records and filters.
 */
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import {
  addDays,
  compareDecimal,
  type FieldType,
  type FilterNode,
  OPERATORS_BY_TYPE,
  type Operator,
} from '../../../shared/filter';
import { customFields, type FieldDescriptor, type FieldDescriptors } from './fields';

export const probe = pgTable('filter_probe', {
  id: uuid('id').primaryKey(),
  name: text('name'),
  email: text('email'),
  age: numeric('age'),
  rank: integer('rank').notNull(),
  amount: numeric('amount'),
  birthday: date('birthday'),
  seenAt: timestamp('seen_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  stage: text('stage'),
  tags: text('tags').array(),
  active: boolean('active'),
  ownerId: uuid('owner_id'),
  custom: jsonb('custom').notNull(),
});

export const PROBE_DDL = `CREATE TABLE filter_probe (
  id uuid PRIMARY KEY, name text, email text, age numeric, rank integer NOT NULL, amount numeric,
  birthday date, seen_at timestamptz, created_at timestamptz NOT NULL, stage text, tags text[],
  active boolean, owner_id uuid, custom jsonb NOT NULL DEFAULT '{}'
)`;

export const STAGES = ['lead', 'customer', '流失'];
export const LABELS = ['vip', '重点', 'new'];
export const USERS = [
  '0190a1b2-0000-7000-8000-00000000000a',
  '0190a1b2-0000-7000-8000-00000000000b',
  '0190a1b2-0000-7000-8000-00000000000c',
];
/** "Now" for relative dates: 21 June 04:00 in Shanghai, still 20 June in UTC. */
export const NOW = new Date('2024-06-20T20:00:00Z');
export const CTX = { now: NOW, timeZone: 'Asia/Shanghai', userId: USERS[0] };

const std = (def: Omit<FieldDescriptor, 'key'>, key: string): [string, FieldDescriptor] => [
  key,
  { key, ...def },
];

export const FIELDS: FieldDescriptors = {
  ...Object.fromEntries([
    std({ type: 'text', sql: probe.name }, 'name'),
    std({ type: 'email', sql: probe.email }, 'email'),
    std({ type: 'number', sql: probe.age }, 'age'),
    std({ type: 'number', sql: probe.rank, notNull: true }, 'rank'),
    std({ type: 'currency', sql: probe.amount }, 'amount'),
    std({ type: 'date', sql: probe.birthday }, 'birthday'),
    std({ type: 'datetime', sql: probe.seenAt }, 'seenAt'),
    std({ type: 'datetime', sql: probe.createdAt, notNull: true }, 'createdAt'),
    std({ type: 'select', sql: probe.stage, options: STAGES }, 'stage'),
    std({ type: 'multi_select', sql: probe.tags, options: LABELS }, 'tags'),
    std({ type: 'boolean', sql: probe.active }, 'active'),
    std({ type: 'user', sql: probe.ownerId }, 'ownerId'),
  ]),
  ...customFields(
    [
      { key: 'tier', type: 'select', options: STAGES },
      { key: 'score', type: 'number' },
      { key: 'price', type: 'currency' },
      { key: 'since', type: 'date' },
      { key: 'lastAt', type: 'datetime' },
      { key: 'vip', type: 'boolean' },
      { key: 'labels', type: 'multi_select', options: LABELS },
      { key: 'note', type: 'text' },
      { key: 'manager', type: 'user' },
    ],
    sql`${probe.custom}`,
  ),
};

export const CUSTOM_KEYS = ['tier', 'score', 'price', 'since', 'lastAt', 'vip', 'labels', 'note', 'manager'];

const TEXTS = [
  '张三',
  '张三丰',
  '李四',
  'Alice',
  'alice',
  'ALICE Wong',
  'a%b',
  'a_b',
  'ab',
  'back\\slash',
  "O'Brien",
  '',
];
const DAY0 = '2024-06-05';
const HOUR = 3_600_000;
const T0 = Date.parse('2024-06-10T00:00:00Z');

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const dateArb = fc.integer({ min: 0, max: 30 }).map((d) => addDays(DAY0, d));
/** Whole hours, so records sit exactly on day boundaries (16:00Z is midnight in Shanghai) now and then. */
const instantArb = fc.integer({ min: 0, max: 24 * 20 }).map((h) => T0 + h * HOUR);
const isoArb = fc
  .tuple(instantArb, fc.boolean())
  .map(([ms, z]) =>
    z ? new Date(ms).toISOString() : new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00'),
  );
const numberArb = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(0.5, 10.25, -1.5, 100));
const moneyArb = fc.constantFrom('0.00', '0.10', '0.1', '1.00', '1.5', '99.99', '-3.20', '1000');
const labelsArb = fc.subarray(LABELS);

/** One probe row: `row` is what is inserted (snake_case, custom as a JSON object), `flat` what the evaluator reads. */
export interface ProbeRecord {
  row: Record<string, unknown>;
  flat: Record<string, unknown>;
}

const customValue: Record<string, fc.Arbitrary<unknown>> = {
  tier: fc.constantFrom(...STAGES, ''),
  score: numberArb,
  price: fc.oneof(moneyArb, fc.constantFrom(1.5, 7)),
  since: fc.oneof(dateArb, fc.constant('')),
  lastAt: isoArb,
  vip: fc.boolean(),
  labels: labelsArb,
  note: fc.constantFrom(...TEXTS),
  manager: fc.constantFrom(...USERS),
};

export function recordsArb(maxLength: number): fc.Arbitrary<ProbeRecord[]> {
  const one = fc.record({
    name: maybe(fc.constantFrom(...TEXTS)),
    email: maybe(fc.constantFrom('a@x.cn', 'b@y.com', 'alice@例子.cn', '')),
    age: maybe(numberArb),
    rank: fc.integer({ min: 0, max: 3 }),
    amount: maybe(moneyArb),
    birthday: maybe(dateArb),
    seenAt: maybe(isoArb),
    createdAt: instantArb.map((ms) => new Date(ms).toISOString()),
    stage: maybe(fc.constantFrom(...STAGES, '')),
    tags: maybe(labelsArb),
    active: maybe(fc.boolean()),
    ownerId: maybe(fc.constantFrom(...USERS)),
    // Each custom key is missing, JSON null, or a value.
    custom: fc.record(
      Object.fromEntries(CUSTOM_KEYS.map((k) => [k, fc.option(customValue[k], { nil: null, freq: 4 })])),
      { requiredKeys: [] },
    ),
  });
  return fc.array(one, { maxLength }).map((rows) =>
    rows.map((r, i) => {
      const id = `0190a1b2-0000-7000-8000-${String(i + 1).padStart(12, '0')}`;
      const row = {
        id,
        name: r.name,
        email: r.email,
        age: r.age,
        rank: r.rank,
        amount: r.amount,
        birthday: r.birthday,
        seen_at: r.seenAt,
        created_at: r.createdAt,
        stage: r.stage,
        tags: r.tags,
        active: r.active,
        owner_id: r.ownerId,
        custom: r.custom,
      };
      const { custom, ...standard } = r;
      return { row, flat: { id, ...standard, ...custom } };
    }),
  );
}

/** Replaces the probe table's rows in one statement. */
export async function loadRecords(pg: PGlite, records: ProbeRecord[]): Promise<void> {
  await pg.query('DELETE FROM filter_probe');
  if (records.length === 0) return;
  await pg.query(
    'INSERT INTO filter_probe SELECT * FROM jsonb_populate_recordset(NULL::filter_probe, $1::jsonb)',
    [JSON.stringify(records.map((r) => r.row))],
  );
}

/** Values a condition on a field of this type may compare with, drawn from the same pools as records. */
export function scalarArb(type: FieldType): fc.Arbitrary<string | number | boolean> {
  switch (type) {
    case 'text':
      return fc.constantFrom(
        '张',
        '三',
        '张三',
        'alice',
        'ALI',
        'a%',
        '%',
        '_',
        'a_b',
        '\\',
        "O'",
        'ice',
        'Wong',
        'b',
      );
    case 'email':
      return fc.constantFrom('a@x.cn', 'A@X.CN', 'x.cn', '@', '例子');
    case 'number':
      return numberArb;
    case 'currency':
      return moneyArb;
    case 'date':
      return dateArb;
    case 'datetime':
      return isoArb;
    case 'boolean':
      return fc.boolean();
    case 'select':
      return fc.constantFrom(...STAGES);
    case 'multi_select':
      return fc.constantFrom(...LABELS);
    case 'user':
      return fc.constantFrom(...USERS, '@me');
    default:
      return fc.constantFrom(...USERS);
  }
}

function order(type: FieldType, a: string | number | boolean, b: string | number | boolean): number {
  if (type === 'number' || type === 'currency') return compareDecimal(String(a), String(b));
  if (type === 'datetime') return Date.parse(String(a)) - Date.parse(String(b));
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** A valid operand for `op` on a field of `type`; `scalar` draws single values. */
export function operandArb(
  type: FieldType,
  op: Operator,
  scalar: (t: FieldType) => fc.Arbitrary<string | number | boolean> = scalarArb,
): fc.Arbitrary<unknown> {
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
      return fc.constant(undefined);
    case 'in':
    case 'not_in':
      return fc.array(scalar(type), { minLength: 1, maxLength: 3 });
    case 'has_any':
    case 'has_all':
    case 'has_none':
      return fc.uniqueArray(scalar('multi_select'), { minLength: 1, maxLength: 3 });
    case 'between':
      return fc.tuple(scalar(type), scalar(type)).map(([a, b]) => (order(type, a, b) <= 0 ? [a, b] : [b, a]));
    case 'within_last_days':
    case 'within_next_days':
    case 'more_than_days_ago':
    case 'more_than_days_ahead':
      return fc.integer({ min: 0, max: 12 });
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return scalar(type === 'email' ? 'email' : 'text');
    default:
      return scalar(type);
  }
}

/** Random filter trees over {@link FIELDS}, nested up to `depth` groups. */
export function filterArb(
  depth = 3,
  scalar: (t: FieldType) => fc.Arbitrary<string | number | boolean> = scalarArb,
  fields: FieldDescriptors = FIELDS,
): fc.Arbitrary<FilterNode> {
  const condition = fc
    .constantFrom(...Object.values(fields))
    .chain((field) =>
      fc
        .constantFrom(...OPERATORS_BY_TYPE[field.type])
        .chain((op) =>
          operandArb(field.type, op, scalar).map((value) =>
            value === undefined ? { field: field.key, op } : { field: field.key, op, value },
          ),
        ),
    ) as fc.Arbitrary<FilterNode>;
  const { node } = fc.letrec<{ node: FilterNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      { arbitrary: condition, weight: 3 },
      fc.array(tie('node'), { maxLength: 4 }).map((and) => ({ and })),
      fc.array(tie('node'), { maxLength: 4 }).map((or) => ({ or })),
    ),
  }));
  return node;
}
