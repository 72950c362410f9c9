import { FilterError } from './errors';
import type { FieldMap, FieldType } from './operators';
import {
  CURRENT_USER,
  compareScalars,
  type PlanCondition,
  type PlanNode,
  type PlanOptions,
  type PlanRange,
  type PlanScalar,
  planFilter,
} from './validate';
import { foldCase, toDecimalString } from './values';

/** A record as the evaluator sees it: field key → value (custom fields flattened in beside standard ones). */
export type FilterRecord = Readonly<Record<string, unknown>>;

/**
 * Validates a filter once and returns a predicate over records, with exactly the semantics of the
 * SQL `compileFilter` produces. Use it to test many records (workflow conditions, assignment rules).
 */
export function compileEvaluator(
  input: unknown,
  fields: FieldMap,
  options: Omit<PlanOptions, 'requireContext'> = {},
): (record: FilterRecord) => boolean {
  const plan = planFilter(input, fields, options);
  return (record) => evalNode(plan, record);
}

/** Whether one record matches a filter. Throws {@link FilterError} when the filter is invalid. */
export function evaluateFilter(
  input: unknown,
  record: FilterRecord,
  fields: FieldMap,
  options: Omit<PlanOptions, 'requireContext'> = {},
): boolean {
  return compileEvaluator(input, fields, options)(record);
}

function evalNode(node: PlanNode, record: FilterRecord): boolean {
  if (node.kind === 'condition') return evalCondition(node, record);
  if (node.kind === 'and') return node.children.every((c) => evalNode(c, record));
  return node.children.some((c) => evalNode(c, record));
}

/**
 * Reads a record value into the normalized form filter values have; anything that is not a value
 * of the field's type (null, undefined, '', [], a malformed value) reads as empty (null).
 */
export function readValue(type: FieldType, raw: unknown): PlanScalar | string[] | null {
  if (raw === undefined || raw === null) return null;
  switch (type) {
    case 'number':
    case 'currency':
      return toDecimalString(raw);
    case 'date':
      if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
      return typeof raw === 'string' && raw !== '' ? raw.slice(0, 10) : null;
    case 'datetime': {
      const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(ms) ? null : ms;
    }
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'multi_select':
      return Array.isArray(raw) && raw.length > 0
        ? raw.filter((v): v is string => typeof v === 'string')
        : null;
    case 'user':
    case 'lookup':
      return typeof raw === 'string' && raw !== '' ? raw.toLowerCase() : null;
    default:
      return typeof raw === 'string' && raw !== '' ? raw : null;
  }
}

function evalCondition(cond: PlanCondition, record: FilterRecord): boolean {
  const { field, op } = cond;
  const raw = Object.hasOwn(record, field.key) ? record[field.key] : undefined;
  const v = readValue(field.type, raw);
  if (op === 'is_empty') return v === null;
  if (op === 'is_not_empty') return v !== null;
  const operand = cond.value;
  if (operand === CURRENT_USER || (Array.isArray(operand) && operand.includes(CURRENT_USER))) {
    throw FilterError.single(`${cond.path}.value`, 'missing_context', '"@me" needs a signed-in user');
  }
  const negative = op === 'neq' || op === 'not_in' || op === 'not_contains' || op === 'has_none';
  if (v === null) return negative;
  if (Array.isArray(v)) {
    const wanted = operand as string[];
    if (op === 'has_all') return wanted.every((w) => v.includes(w));
    const any = wanted.some((w) => v.includes(w));
    return op === 'has_none' ? !any : any;
  }
  const cmp = (b: PlanScalar) => compareScalars(field.type, v, b);
  switch (op) {
    case 'eq':
      return cmp(operand as PlanScalar) === 0;
    case 'neq':
      return cmp(operand as PlanScalar) !== 0;
    case 'in':
      return (operand as PlanScalar[]).some((b) => cmp(b) === 0);
    case 'not_in':
      return !(operand as PlanScalar[]).some((b) => cmp(b) === 0);
    case 'lt':
      return cmp(operand as PlanScalar) < 0;
    case 'lte':
      return cmp(operand as PlanScalar) <= 0;
    case 'gt':
      return cmp(operand as PlanScalar) > 0;
    case 'gte':
      return cmp(operand as PlanScalar) >= 0;
    case 'between': {
      const [low, high] = operand as PlanScalar[];
      return cmp(low) >= 0 && cmp(high) <= 0;
    }
    case 'contains':
      return foldCase(String(v)).includes(foldCase(operand as string));
    case 'not_contains':
      return !foldCase(String(v)).includes(foldCase(operand as string));
    case 'starts_with':
      return foldCase(String(v)).startsWith(foldCase(operand as string));
    case 'ends_with':
      return foldCase(String(v)).endsWith(foldCase(operand as string));
    default: {
      const { from, to } = operand as PlanRange;
      return (from === undefined || cmp(from) >= 0) && (to === undefined || cmp(to) < 0);
    }
  }
}
