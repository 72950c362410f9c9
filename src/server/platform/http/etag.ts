import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';

/** The weak ETag of a record version. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The version the client based its change on, from If-Match (an ETag). Undefined when absent:
 * the write then applies to the latest version, as most REST clients expect.
 */
export function expectedVersion(req: FastifyRequest): number | undefined {
  const header = req.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(String(header));
  if (!m) throw new AppError('bad_request', 'If-Match must be an ETag such as W/"3"');
  return Number(m[1]);
}
