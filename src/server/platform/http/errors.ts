/**
 * Domain errors: stable codes, each with its HTTP status in ONE table. Domain code throws these;
 * the HTTP boundary (problem.ts) turns them into RFC 9457 problem+json.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate_detected: 409,
  already_exists: 409,
  idempotency_mismatch: 422,
  precondition_failed: 412,
  precondition_required: 428,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked_out: 429,
  rate_limited: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one input field; `field` is a dotted path such as `emails.0.address`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      errors?: FieldError[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what = 'Record') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', message);
export const invalid = (errors: FieldError[], message = 'The request has invalid fields') =>
  new AppError('validation_failed', message, { errors });
