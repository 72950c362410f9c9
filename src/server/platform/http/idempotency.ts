import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { rowsOf } from '../db/database';
import { AppError } from './errors';
import type { Outcome, RequestContext } from './request-context';

const MAX_KEY_LENGTH = 200;

/**
 * Idempotency-Key on POST: the first request with a key runs and its response is stored in the same
 * transaction; a retry gets that response back and creates nothing. A concurrent duplicate waits on
 * the key's row until the first commits (PostgreSQL's ON CONFLICT), then replays.
 */
export async function withIdempotency(
  ctx: RequestContext,
  key: string,
  req: FastifyRequest,
  run: () => Promise<Outcome>,
): Promise<Outcome> {
  if (key.length > MAX_KEY_LENGTH) {
    throw new AppError('bad_request', `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters`);
  }
  const requestHash = createHash('sha256')
    .update(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`)
    .digest('base64url');
  const { tenantId, userId } = ctx.actor;
  const inserted = rowsOf(
    await ctx.tx.execute(sql`
      insert into idempotency_keys (tenant_id, actor_id, key, request_hash)
      values (${tenantId}, ${userId}, ${key}, ${requestHash})
      on conflict do nothing returning key`),
  );
  if (inserted.length === 0) {
    const [stored] = rowsOf<{ request_hash: string; status: number; response: Outcome }>(
      await ctx.tx.execute(sql`
        select request_hash, status, response from idempotency_keys
        where tenant_id = ${tenantId} and actor_id = ${userId} and key = ${key}`),
    );
    if (stored.request_hash !== requestHash) {
      throw new AppError(
        'idempotency_mismatch',
        'This Idempotency-Key was already used for a different request',
      );
    }
    return { ...stored.response, headers: { ...stored.response.headers, 'idempotent-replayed': 'true' } };
  }
  const outcome = await run();
  await ctx.tx.execute(sql`
    update idempotency_keys set status = ${outcome.status}, response = ${JSON.stringify(outcome)}::jsonb
    where tenant_id = ${tenantId} and actor_id = ${userId} and key = ${key}`);
  return outcome;
}
