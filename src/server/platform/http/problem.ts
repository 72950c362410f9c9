import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { FilterError } from '../../../shared/filter/errors';
import { AppError, type FieldError } from './errors';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

function send(reply: FastifyReply, problem: Problem) {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

function problem(status: number, code: string, detail: string, rest: Partial<Problem> = {}): Problem {
  return {
    type: `https://guanxi.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...rest,
  };
}

/** Maps Fastify's own errors (parsing, limits, content type) to stable codes. */
function fromFastifyError(err: FastifyError): Problem | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'malformed_json', `The request body is not valid JSON: ${err.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload_too_large', 'The request body is larger than the server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return problem(err.statusCode, 'bad_request', err.message);
  }
  return undefined;
}

/** Installs the one error boundary of the HTTP API: everything leaves as problem+json. */
export function installProblemHandler(app: FastifyInstance, options: { spaFallback?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.details.headers) reply.headers(err.details.headers);
      return send(
        reply,
        problem(err.status, err.code, err.message, { errors: err.details.errors, ...err.details.extra }),
      );
    }
    if (err instanceof FilterError) {
      return send(reply, problem(400, err.code, err.message, { errors: err.errors }));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors: FieldError[] = err.validation.flatMap((v) => {
        const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const keys = (v.params as { keys?: string[] }).keys;
        if (v.keyword === 'unrecognized_keys' && keys?.length) {
          // One entry per unknown field, named by its full path.
          return keys.map((k) => ({
            field: path ? `${path}.${k}` : k,
            code: 'unknown_field',
            message: `Unknown field "${k}"`,
          }));
        }
        return [
          {
            field: path || err.validationContext || '',
            code: v.keyword,
            message: v.message ?? 'Invalid value',
          },
        ];
      });
      const where = err.validationContext === 'body' ? 'body' : err.validationContext;
      return send(
        reply,
        problem(
          400,
          'validation_failed',
          `The request ${where} has invalid fields: ${errors.map((e) => e.field || '(root)').join(', ')}`,
          { errors },
        ),
      );
    }
    const mapped = fromFastifyError(err);
    if (mapped) return send(reply, mapped);
    req.log.error({ err }, 'unhandled error');
    return send(
      reply,
      problem(500, 'internal_error', `Something went wrong on our side (request ${req.id}).`),
    );
  });
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    // Client-side routes of the web app (GET, not API, no file extension) get its index.html.
    const isApi = url.startsWith('/api/') || url === '/openapi.json' || url.startsWith('/docs');
    if (options.spaFallback && req.method === 'GET' && !isApi && !/\.[a-z0-9]+$/i.test(url)) {
      return reply.sendFile('index.html');
    }
    return send(reply, problem(404, 'route_not_found', `No route ${req.method} ${url}`));
  });
}
