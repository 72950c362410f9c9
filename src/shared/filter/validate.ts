import { FilterError, type FilterIssue } from './errors';
import {
  FILTER_LIMITS,
  type FieldDef,
  type FieldMap,
  type FieldType,
  getField,
  OPERATORS_BY_TYPE,
  type Operator,
} from './operators';
import {
  addDays,
  compareDecimal,
  dateInZone,
  isIsoDate,
  isUuid,
  parseIsoDateTime,
  startOfDayInZone,
  toDecimalString,
} from './values';

/** Stands for the signed-in user in `user` fields: `{field: 'ownerId', op: 'eq', value: '@me'}`. */
export const CURRENT_USER = '@me';

/** What a filter needs from the moment it runs in. */
export interface FilterContext {
  /** "Now" for relative date operators; defaults to the current time. */
  now?: Date;
  /** IANA zone in which calendar days are counted (workspace setting); defaults to UTC. */
  timeZone?: string;
  /** Replaces `@me` in `user` fields. */
  userId?: string;
}

export interface PlanOptions {
  ctx?: FilterContext;
  /** Path prefix used in error entries; `filter` by default. */
  path?: string;
  /**
   * When true (the default), `@me` without `ctx.userId` is an error. Set false to check a filter
   * that will run later in another context (e.g. a saved view edited in the browser).
   */
  requireContext?: boolean;
}

/**
 * A normalized scalar: text as given (e-mails lower-cased), numbers and currency as decimal strings,
 * dates `YYYY-MM-DD`, date-times as epoch milliseconds, uuids lower-cased.
 */
export type PlanScalar = string | number | boolean;

/** Half-open range a relative date operator resolved to: `from <= x < to` (either end open). */
export interface PlanRange {
  from?: PlanScalar;
  to?: PlanScalar;
}

export interface PlanCondition<F extends FieldDef = FieldDef> {
  kind: 'condition';
  /** Path of the condition in the input, for later error messages. */
  path: string;
  field: F;
  op: Operator;
  /** Normalized operand: a scalar, a list, a `[low, high]` pair or a range; undefined for is_(not_)empty. */
  value: PlanScalar | PlanScalar[] | PlanRange | undefined;
}

export interface PlanGroup<F extends FieldDef = FieldDef> {
  kind: 'and' | 'or';
  /** Never empty except for the root, where an empty `and` means "every record". */
  children: PlanNode<F>[];
}

export type PlanNode<F extends FieldDef = FieldDef> = PlanGroup<F> | PlanCondition<F>;

/**
 * Checks a filter (any JSON value) against the fields of an object and returns it normalized:
 * values parsed per type, `@me` replaced, relative dates resolved against `ctx.now`, empty groups
 * dropped. Throws {@link FilterError} listing every problem found.
 */
export function planFilter<F extends FieldDef>(
  input: unknown,
  fields: FieldMap<F>,
  options: PlanOptions = {},
): PlanGroup<F> {
  const ctx = options.ctx ?? {};
  const state: WalkState<F> = {
    fields,
    issues: [],
    conditions: 0,
    requireContext: options.requireContext ?? true,
    userId: ctx.userId,
    now: (ctx.now ?? new Date()).getTime(),
    timeZone: ctx.timeZone ?? 'UTC',
  };
  const root = options.path ?? 'filter';
  const node =
    input === undefined || input === null
      ? { kind: 'and' as const, children: [] }
      : walk(input, root, 0, state);
  if (state.conditions > FILTER_LIMITS.maxConditions) {
    state.issues.push({
      field: root,
      code: 'too_many_conditions',
      message: `A filter may have at most ${FILTER_LIMITS.maxConditions} conditions; this one has ${state.conditions}`,
    });
  }
  if (state.issues.length > 0) throw new FilterError(state.issues);
  if (!node || (node.kind !== 'condition' && node.children.length === 0))
    return { kind: 'and', children: [] };
  return node.kind === 'condition' ? { kind: 'and', children: [node] } : node;
}

/**
 * Checks a filter without running it: same errors as the server gives, `@me` allowed without a user.
 * Returns normally when the filter is valid.
 */
export function validateFilter(
  input: unknown,
  fields: FieldMap,
  options: Omit<PlanOptions, 'requireContext'> = {},
): void {
  planFilter(input, fields, { ...options, requireContext: false });
}

interface WalkState<F extends FieldDef> {
  fields: FieldMap<F>;
  issues: FilterIssue[];
  conditions: number;
  requireContext: boolean;
  userId: string | undefined;
  now: number;
  timeZone: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SHAPE_HINT = 'Expected {"and": [...]}, {"or": [...]} or {"field", "op", "value"}';

function walk<F extends FieldDef>(
  node: unknown,
  path: string,
  depth: number,
  state: WalkState<F>,
): PlanNode<F> | null {
  if (!isPlainObject(node)) {
    state.issues.push({ field: path, code: 'invalid_syntax', message: SHAPE_HINT });
    return null;
  }
  const keys = Object.keys(node);
  const groupKey = keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or') ? keys[0] : null;
  if (groupKey) {
    const items = node[groupKey];
    const groupPath = `${path}.${groupKey}`;
    if (!Array.isArray(items)) {
      state.issues.push({
        field: groupPath,
        code: 'invalid_syntax',
        message: `"${groupKey}" must be an array`,
      });
      return null;
    }
    if (depth + 1 > FILTER_LIMITS.maxDepth) {
      state.issues.push({
        field: path,
        code: 'too_deep',
        message: `Groups may be nested at most ${FILTER_LIMITS.maxDepth} levels deep`,
      });
      return null;
    }
    const children: PlanNode<F>[] = [];
    items.forEach((item, i) => {
      const child = walk(item, `${groupPath}.${i}`, depth + 1, state);
      // An empty group restricts nothing, so it is dropped rather than read as true or false.
      if (child && (child.kind === 'condition' || child.children.length > 0)) children.push(child);
    });
    if (children.length === 1) return children[0];
    return { kind: groupKey, children };
  }
  if (keys.includes('and') || keys.includes('or') || !keys.includes('field') || !keys.includes('op')) {
    state.issues.push({ field: path, code: 'invalid_syntax', message: SHAPE_HINT });
    return null;
  }
  const extra = keys.filter((k) => k !== 'field' && k !== 'op' && k !== 'value');
  if (extra.length > 0) {
    state.issues.push({
      field: `${path}.${extra[0]}`,
      code: 'invalid_syntax',
      message: `Unexpected key "${extra[0]}" in a condition; expected "field", "op" and "value"`,
    });
    return null;
  }
  state.conditions += 1;
  return condition(node, path, state);
}

function condition<F extends FieldDef>(
  node: Record<string, unknown>,
  path: string,
  state: WalkState<F>,
): PlanCondition<F> | null {
  const { issues } = state;
  if (typeof node.field !== 'string') {
    issues.push({ field: `${path}.field`, code: 'invalid_syntax', message: 'The field must be a string' });
    return null;
  }
  const field = getField(state.fields, node.field);
  if (!field) {
    issues.push({ field: `${path}.field`, code: 'unknown_field', message: `Unknown field "${node.field}"` });
    return null;
  }
  if (field.filterable === false) {
    issues.push({
      field: `${path}.field`,
      code: 'not_filterable',
      message: `Field "${field.key}" cannot be used in filters`,
    });
    return null;
  }
  const allowed = OPERATORS_BY_TYPE[field.type];
  if (typeof node.op !== 'string' || !allowed.includes(node.op as Operator)) {
    issues.push({
      field: `${path}.op`,
      code: 'invalid_operator',
      message: `Operator ${JSON.stringify(node.op)} is not valid for ${field.type} field "${field.key}"; use one of: ${allowed.join(', ')}`,
    });
    return null;
  }
  const op = node.op as Operator;
  const valuePath = `${path}.value`;
  const before = issues.length;
  const value = operand(field, op, node.value, valuePath, state);
  if (issues.length > before) return null;
  return { kind: 'condition', path, field, op, value };
}

type Issue = (message: string, code?: 'invalid_value' | 'invalid_option' | 'missing_context') => undefined;

function operand<F extends FieldDef>(
  field: F,
  op: Operator,
  raw: unknown,
  path: string,
  state: WalkState<F>,
): PlanCondition['value'] {
  const fail =
    (at: string): Issue =>
    (message, code = 'invalid_value') => {
      state.issues.push({ field: at, code, message });
      return undefined;
    };
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
      if (raw !== undefined && raw !== null) return fail(path)(`Operator "${op}" takes no value`);
      return undefined;
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return text(raw, fail(path));
    case 'within_last_days':
    case 'within_next_days':
    case 'more_than_days_ago':
    case 'more_than_days_ahead':
      return relative(field.type, op, raw, fail(path), state);
    case 'in':
    case 'not_in':
    case 'has_any':
    case 'has_all':
    case 'has_none': {
      if (!Array.isArray(raw) || raw.length === 0)
        return fail(path)(`Operator "${op}" takes a non-empty array`);
      if (raw.length > FILTER_LIMITS.maxListValues) {
        return fail(path)(`Operator "${op}" takes at most ${FILTER_LIMITS.maxListValues} values`);
      }
      const type = field.type === 'multi_select' ? 'select' : field.type;
      const out: PlanScalar[] = [];
      raw.forEach((item, i) => {
        const v = scalar({ ...field, type }, item, fail(`${path}.${i}`), state);
        if (v !== undefined && !out.includes(v)) out.push(v);
      });
      return out;
    }
    case 'between': {
      if (!Array.isArray(raw) || raw.length !== 2) return fail(path)('Operator "between" takes [low, high]');
      const low = scalar(field, raw[0], fail(`${path}.0`), state);
      const high = scalar(field, raw[1], fail(`${path}.1`), state);
      if (low === undefined || high === undefined) return undefined;
      if (compareScalars(field.type, low, high) > 0)
        return fail(path)('The low end of "between" is above the high end');
      return [low, high];
    }
    default:
      return scalar(field, raw, fail(path), state);
  }
}

function text(raw: unknown, fail: Issue): string | undefined {
  if (typeof raw !== 'string') return fail('Expected a text value');
  if (raw.length === 0) return fail('Expected a non-empty text; use "is_empty" to find empty values');
  if (raw.length > FILTER_LIMITS.maxTextLength) {
    return fail(`Text values may be at most ${FILTER_LIMITS.maxTextLength} characters long`);
  }
  return raw;
}

function scalar<F extends FieldDef>(
  field: F,
  raw: unknown,
  fail: Issue,
  state: WalkState<F>,
): PlanScalar | undefined {
  switch (field.type) {
    case 'text':
    case 'phone':
    case 'url':
      return text(raw, fail);
    case 'email':
      return text(raw, fail)?.toLowerCase();
    case 'number':
    case 'currency': {
      const v = toDecimalString(raw);
      if (v === null || (typeof raw === 'string' && !/^-?\d{1,30}(\.\d{1,12})?$/.test(raw))) {
        return fail(
          field.type === 'currency' ? 'Expected a decimal amount such as "1999.00"' : 'Expected a number',
        );
      }
      return v;
    }
    case 'date':
      if (typeof raw !== 'string' || !isIsoDate(raw)) return fail('Expected a date written YYYY-MM-DD');
      return raw;
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseIsoDateTime(raw) : null;
      if (ms === null)
        return fail('Expected an ISO 8601 date-time with a time zone, e.g. 2025-03-01T08:00:00Z');
      return ms;
    }
    case 'boolean':
      if (typeof raw !== 'boolean') return fail('Expected true or false');
      return raw;
    case 'select':
    case 'multi_select': {
      const v = text(raw, fail);
      if (v !== undefined && field.options && !field.options.includes(v)) {
        return fail(`"${v}" is not an option of field "${field.key}"`, 'invalid_option');
      }
      return v;
    }
    case 'user':
      if (raw === '@me') {
        if (state.userId) return state.userId.toLowerCase();
        if (state.requireContext) return fail('"@me" needs a signed-in user', 'missing_context');
        return raw;
      }
      if (typeof raw !== 'string' || !isUuid(raw)) return fail('Expected a user id (uuid) or "@me"');
      return raw.toLowerCase();
    case 'lookup':
      if (typeof raw !== 'string' || !isUuid(raw)) return fail('Expected a record id (uuid)');
      return raw.toLowerCase();
  }
}

function relative<F extends FieldDef>(
  type: FieldType,
  op: Operator,
  raw: unknown,
  fail: Issue,
  state: WalkState<F>,
): PlanRange | undefined {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > FILTER_LIMITS.maxDays) {
    return fail(`Operator "${op}" takes a whole number of days from 0 to ${FILTER_LIMITS.maxDays}`);
  }
  const today = dateInZone(state.now, state.timeZone);
  let from: string | undefined;
  let to: string | undefined;
  if (op === 'within_last_days') [from, to] = [addDays(today, -raw), addDays(today, 1)];
  else if (op === 'within_next_days') [from, to] = [today, addDays(today, raw + 1)];
  else if (op === 'more_than_days_ago') to = addDays(today, -raw);
  else from = addDays(today, raw + 1);
  if (type === 'date') return { from, to };
  const instant = (d: string | undefined) =>
    d === undefined ? undefined : startOfDayInZone(d, state.timeZone);
  return { from: instant(from), to: instant(to) };
}

/** Orders two normalized scalars of one field type (numbers exactly, dates and text by code unit). */
export function compareScalars(type: FieldType, a: PlanScalar, b: PlanScalar): number {
  if (type === 'number' || type === 'currency') return compareDecimal(String(a), String(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
