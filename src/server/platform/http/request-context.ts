import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import { type Action, can } from '../access/roles';
import type { DomainEvent } from '../audit/record-change';
import { authenticateInTx, readCredentials } from '../auth/authenticate';
import type { Tx } from '../db/database';
import { forbidden } from './errors';
import { withIdempotency } from './idempotency';
import type { Platform } from './platform';

/** Everything a service needs for one request: its transaction, who acts, and where events go. */
export interface RequestContext {
  tx: Tx;
  actor: Actor;
  requestId: string;
  ip: string;
  /** Events recorded in this transaction; dispatched to subscribers after commit. */
  events: DomainEvent[];
}

/** What a handler produces: status, body and headers, so an idempotent replay can return it as is. */
export interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PerformOptions {
  /** The right the actor needs before anything else happens. */
  action: Action;
  objectType?: string;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The request pipeline of every authenticated route: authenticate (session or API key, CSRF for
 * cookie writes) → check the role's right → one transaction with the tenant set locally →
 * (Idempotency-Key replay) → the handler's service call → commit → dispatch events → reply.
 */
export async function perform(
  platform: Platform,
  req: FastifyRequest,
  reply: FastifyReply,
  options: PerformOptions,
  handler: (ctx: RequestContext) => Promise<Outcome>,
): Promise<any> {
  const credentials = readCredentials(req, WRITE_METHODS.has(req.method));
  const events: DomainEvent[] = [];
  const outcome = await platform.db.tx({ tenantId: credentials.tenantId }, async (tx) => {
    const actor = await authenticateInTx(tx, credentials, platform.config);
    if (!can(actor.role, options.action, options.objectType)) throw forbidden();
    const ctx: RequestContext = { tx, actor, requestId: String(req.id), ip: req.ip, events };
    const key = req.headers['idempotency-key'];
    if (req.method === 'POST' && typeof key === 'string' && key.length > 0) {
      return withIdempotency(ctx, key, req, () => handler(ctx));
    }
    return handler(ctx);
  });
  if (events.length > 0) platform.dispatcher.notify(events);
  if (outcome.headers) reply.headers(outcome.headers);
  reply.status(outcome.status);
  return outcome.body === undefined ? reply.send() : reply.send(outcome.body);
}
