/** Stable machine-readable reasons a filter, sort or cursor was rejected. */
export type FilterIssueCode =
  | 'invalid_json'
  | 'invalid_syntax'
  | 'too_deep'
  | 'too_many_conditions'
  | 'unknown_field'
  | 'not_filterable'
  | 'invalid_operator'
  | 'invalid_value'
  | 'invalid_option'
  | 'missing_context'
  | 'not_sortable'
  | 'invalid_sort'
  | 'invalid_cursor';

/** One problem, shaped like an RFC 9457 `errors[]` entry. */
export interface FilterIssue {
  /** Dotted path to the offending part of the request, e.g. `filter.and.0.op` or `sort.1`. */
  field: string;
  code: FilterIssueCode;
  message: string;
}

/**
 * A filter, sort spec or cursor the caller sent is invalid. The HTTP layer turns it into a 400
 * `application/problem+json` carrying {@link FilterError.errors}.
 */
export class FilterError extends Error {
  /** Stable error code for the problem+json `code` member. */
  readonly code = 'invalid_filter';
  readonly errors: FilterIssue[];

  constructor(errors: FilterIssue[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'Invalid filter');
    this.name = 'FilterError';
    this.errors = errors;
  }

  static single(field: string, code: FilterIssueCode, message: string): FilterError {
    return new FilterError([{ field, code, message }]);
  }
}
