/** Field types a filter understands; the same list metadata uses for standard and custom fields. */
export const FIELD_TYPES = [
  'text',
  'number',
  'currency',
  'date',
  'datetime',
  'select',
  'multi_select',
  'boolean',
  'phone',
  'email',
  'url',
  'user',
  'lookup',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Every operator of the filter language. See docs/filters.md for what each one means. */
export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'within_last_days',
  'within_next_days',
  'more_than_days_ago',
  'more_than_days_ahead',
  'has_any',
  'has_all',
  'has_none',
] as const;
export type Operator = (typeof OPERATORS)[number];

const EMPTINESS = ['is_empty', 'is_not_empty'] as const;
const TEXT_OPS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  ...EMPTINESS,
] as const;
const NUMBER_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'between', ...EMPTINESS] as const;
const TEMPORAL_OPS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'within_last_days',
  'within_next_days',
  'more_than_days_ago',
  'more_than_days_ahead',
  ...EMPTINESS,
] as const;
const CHOICE_OPS = ['eq', 'neq', 'in', 'not_in', ...EMPTINESS] as const;

/** Which operators each field type accepts. */
export const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  text: TEXT_OPS,
  phone: TEXT_OPS,
  email: TEXT_OPS,
  url: TEXT_OPS,
  number: NUMBER_OPS,
  currency: NUMBER_OPS,
  date: TEMPORAL_OPS,
  datetime: TEMPORAL_OPS,
  select: CHOICE_OPS,
  user: CHOICE_OPS,
  lookup: CHOICE_OPS,
  boolean: ['eq', 'neq', ...EMPTINESS],
  multi_select: ['has_any', 'has_all', 'has_none', ...EMPTINESS],
};

/** Field types that can be sorted on (multi-select values have no natural order). */
export const SORTABLE_TYPES: ReadonlySet<FieldType> = new Set(
  FIELD_TYPES.filter((t) => t !== 'multi_select'),
);

/**
 * Operators that are true for empty values: "status is not Lost" also lists records with no status.
 * Every other operator except `is_empty` is false for an empty value.
 */
export const NEGATIVE_OPERATORS: ReadonlySet<Operator> = new Set([
  'neq',
  'not_in',
  'not_contains',
  'has_none',
] as const);

export const RELATIVE_DATE_OPERATORS: ReadonlySet<Operator> = new Set([
  'within_last_days',
  'within_next_days',
  'more_than_days_ago',
  'more_than_days_ahead',
] as const);

/** Limits shared by the server and the web app. */
export const FILTER_LIMITS = {
  /** Nesting depth of and/or groups (the root group counts as 1). */
  maxDepth: 5,
  /** Conditions (leaves) in one filter. */
  maxConditions: 100,
  /** Values in one `in` / `not_in` / `has_*` list. */
  maxListValues: 200,
  /** Characters in one text value. */
  maxTextLength: 500,
  /** Days in a relative date operator (100 years). */
  maxDays: 36_500,
  /** Keys in one sort spec. */
  maxSortKeys: 5,
} as const;

/** What the filter language needs to know about a field; the server adds the SQL for it. */
export interface FieldDef {
  key: string;
  type: FieldType;
  /** Allowed values of a select / multi_select field; filter values must be among them. */
  options?: readonly string[];
  /** Defaults to true. */
  filterable?: boolean;
  /** Defaults to true for every type but multi_select. */
  sortable?: boolean;
}

export type FieldMap<F extends FieldDef = FieldDef> = Readonly<Record<string, F>>;

/** Looks a field up by key without falling into `Object.prototype` (`constructor`, `__proto__`). */
export function getField<F extends FieldDef>(fields: FieldMap<F>, key: string): F | undefined {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}
