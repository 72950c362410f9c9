import { type SQL, sql } from 'drizzle-orm';
import {
  CURRENT_USER,
  type FieldType,
  FilterError,
  type PlanCondition,
  type PlanNode,
  type PlanOptions,
  type PlanRange,
  type PlanScalar,
  planFilter,
} from '../../../shared/filter';
import type { FieldDescriptor, FieldDescriptors } from './fields';

/**
 * Compiles a filter (any JSON value, typically parsed from the `filter` query parameter or a saved
 * view) into a parameterised SQL predicate for a WHERE clause. Every value is a bound parameter.
 * No filter (`undefined`, `null`, `{and: []}`) compiles to `TRUE`.
 *
 * @throws FilterError listing unknown fields, operators that do not fit the type and malformed values.
 */
export function compileFilter(
  input: unknown,
  fields: FieldDescriptors,
  options: Omit<PlanOptions, 'requireContext'> = {},
): SQL {
  return compilePlan(planFilter(input, fields, options));
}

/** Compiles an already validated plan (see `planFilter`). */
export function compilePlan(node: PlanNode<FieldDescriptor>): SQL {
  if (node.kind === 'condition') return compileCondition(node);
  if (node.children.length === 0) return sql`TRUE`;
  const parts = node.children.map(compilePlan);
  return sql`(${sql.join(parts, node.kind === 'and' ? sql` AND ` : sql` OR `)})`;
}

/** A bound parameter with the cast its field type needs (numbers always compare as numeric). */
export function param(type: FieldType, value: PlanScalar): SQL {
  if (type === 'number' || type === 'currency') return sql`${String(value)}::numeric`;
  if (type === 'datetime' && typeof value === 'number') return sql`${new Date(value).toISOString()}`;
  return sql`${value}`;
}

const TEXT_LIKE: ReadonlySet<FieldType> = new Set([
  'text',
  'phone',
  'email',
  'url',
  'select',
  'user',
  'lookup',
]);

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function isEmpty(field: FieldDescriptor, x: SQL): SQL {
  if (field.type === 'multi_select') {
    return field.storage === 'jsonb'
      ? sql`(${x} IS NULL OR jsonb_array_length(${x}) = 0)`
      : sql`(${x} IS NULL OR cardinality(${x}) = 0)`;
  }
  // '' is empty for text; the ::text makes the test valid for uuid columns too.
  if (TEXT_LIKE.has(field.type)) return sql`(${x} IS NULL OR ${x}::text = '')`;
  return sql`(${x} IS NULL)`;
}

function compileCondition(cond: PlanCondition<FieldDescriptor>): SQL {
  const { field, op } = cond;
  const x = sql`(${field.sql})`;
  const value = cond.value;
  if (value === CURRENT_USER || (Array.isArray(value) && value.includes(CURRENT_USER))) {
    throw FilterError.single(`${cond.path}.value`, 'missing_context', '"@me" needs a signed-in user');
  }
  const p = (v: PlanScalar) => param(field.type, v);
  const list = (vs: PlanScalar[]) => sql.join(vs.map(p), sql`, `);
  const array = (vs: PlanScalar[]) => sql`ARRAY[${list(vs)}]::text[]`;
  const like = (pattern: string) => sql`${x} ILIKE ${pattern}`;
  // Negative operators are true for empty values: "status is not Lost" lists records without a status.
  const orEmpty = (test: SQL) => sql`(${x} IS NULL OR ${test})`;
  switch (op) {
    case 'is_empty':
      return isEmpty(field, x);
    case 'is_not_empty':
      return sql`(NOT ${isEmpty(field, x)})`;
    case 'eq':
      return sql`${x} = ${p(value as PlanScalar)}`;
    case 'neq':
      return orEmpty(sql`${x} <> ${p(value as PlanScalar)}`);
    case 'in':
      return sql`${x} IN (${list(value as PlanScalar[])})`;
    case 'not_in':
      return orEmpty(sql`${x} NOT IN (${list(value as PlanScalar[])})`);
    case 'lt':
      return sql`${x} < ${p(value as PlanScalar)}`;
    case 'lte':
      return sql`${x} <= ${p(value as PlanScalar)}`;
    case 'gt':
      return sql`${x} > ${p(value as PlanScalar)}`;
    case 'gte':
      return sql`${x} >= ${p(value as PlanScalar)}`;
    case 'between': {
      const [low, high] = value as PlanScalar[];
      return sql`${x} BETWEEN ${p(low)} AND ${p(high)}`;
    }
    case 'contains':
      return like(`%${escapeLike(value as string)}%`);
    case 'not_contains':
      return orEmpty(sql`NOT (${like(`%${escapeLike(value as string)}%`)})`);
    case 'starts_with':
      return like(`${escapeLike(value as string)}%`);
    case 'ends_with':
      return like(`%${escapeLike(value as string)}`);
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      const jsonb = field.storage === 'jsonb';
      const any = jsonb ? sql`${x} ?| ${array(value as string[])}` : sql`${x} && ${array(value as string[])}`;
      if (op === 'has_none') return orEmpty(sql`NOT (${any})`);
      if (op === 'has_any') return any;
      return jsonb ? sql`${x} ?& ${array(value as string[])}` : sql`${x} @> ${array(value as string[])}`;
    }
    default: {
      const { from, to } = value as PlanRange;
      const bounds: SQL[] = [];
      if (from !== undefined) bounds.push(sql`${x} >= ${p(from)}`);
      if (to !== undefined) bounds.push(sql`${x} < ${p(to)}`);
      return sql`(${sql.join(bounds, sql` AND `)})`;
    }
  }
}
