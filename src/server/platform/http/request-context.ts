import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import { type Action, can } from '../access/roles';
import type { DomainEvent } from '../audit/record-change';
import {
  authenticate,
  authenticateInTx,
  credentialScope,
  readCredentials,
  StaleActorError,
} from '../auth/authenticate';
import type { Tx, TxScope } from '../db/database';
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
  /** The transaction's plan mode (see `TxScope.plans`): `auto` for routes that insert and look up by key. */
  plans?: TxScope['plans'];
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
  let events: DomainEvent[] = [];
  const attempt = (useCache: boolean) =>
    platform.db.tx({ ...credentialScope(credentials), plans: options.plans }, async (tx) => {
      events = [];
      const { actor, verified } = await authenticate(tx, credentials, platform.config, useCache);
      try {
        if (!can(actor.role, options.action, options.objectType)) throw forbidden();
        const ctx: RequestContext = { tx, actor, requestId: String(req.id), ip: req.ip, events };
        const key = req.headers['idempotency-key'];
        const outcome =
          req.method === 'POST' && typeof key === 'string' && key.length > 0
            ? await withIdempotency(ctx, key, req, () => handler(ctx))
            : await handler(ctx);
        // The credentials must hold before COMMIT (and before any answer, error or not).
        await verified;
        return outcome;
      } catch (err) {
        await verified;
        throw err;
      }
    });
  let outcome: Outcome;
  try {
    outcome = await attempt(true);
  } catch (err) {
    // The key's role, team or metadata changed since it was cached: redo with the fresh actor.
    if (!(err instanceof StaleActorError)) throw err;
    outcome = await attempt(false);
  }
  if (events.length > 0) platform.dispatcher.notify(events);
  if (outcome.headers) reply.headers(outcome.headers);
  reply.status(outcome.status);
  return outcome.body === undefined ? reply.send() : reply.send(outcome.body);
}

/**
 * For routes that stream (uploads, downloads, server-sent events) and so must not hold one
 * transaction open for the whole request: authenticates and checks the right in a short
 * transaction and returns the actor. The route then does its work in transactions of its own
 * through {@link runAs}.
 */
export async function authorize(
  platform: Platform,
  req: FastifyRequest,
  options: PerformOptions,
): Promise<Actor> {
  const credentials = readCredentials(req, WRITE_METHODS.has(req.method));
  return platform.db.tx(credentialScope(credentials), async (tx) => {
    const actor = await authenticateInTx(tx, credentials, platform.config);
    if (!can(actor.role, options.action, options.objectType)) throw forbidden();
    return actor;
  });
}

/**
 * Runs `fn` in one transaction of the actor's workspace (RLS set for it) with a request context,
 * and dispatches the events it recorded after commit. For streaming routes and background jobs
 * acting on someone's behalf.
 */
export async function runAs<T>(
  platform: Platform,
  actor: Actor,
  origin: { requestId: string; ip: string },
  fn: (ctx: RequestContext) => Promise<T>,
): Promise<T> {
  const events: DomainEvent[] = [];
  const result = await platform.db.tx({ tenantId: actor.tenantId, userId: actor.userId }, (tx) =>
    fn({ tx, actor, requestId: origin.requestId, ip: origin.ip, events }),
  );
  if (events.length > 0) platform.dispatcher.notify(events);
  return result;
}
