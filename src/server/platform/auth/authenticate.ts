import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { resolveVisibleOwners } from '../access/scope';
import type { Config } from '../config/config';
import {
  deferWrite,
  isPipelined,
  rowsOf,
  type Statement,
  start,
  type Tx,
  type TxScope,
} from '../db/database';
import { AppError } from '../http/errors';
import { parseApiKey, safeEqual, sha256 } from './secrets';

export const SESSION_COOKIE = 'gx_session';

export type Credentials =
  | { kind: 'api_key'; tenantId: string; keyId: string; secret: string }
  | { kind: 'session'; token: string; csrfToken?: string; needsCsrf: boolean; tenantId?: undefined };

const unauthenticated = () =>
  new AppError('unauthenticated', 'Sign in, or send an API key as Authorization: Bearer');

/** The transaction scope the credentials' requests run in: an API key's workspace and key id. */
export function credentialScope(credentials: Credentials): TxScope {
  return credentials.kind === 'api_key'
    ? { tenantId: credentials.tenantId, apiKeyId: credentials.keyId }
    : { tenantId: credentials.tenantId };
}

/** Reads a Bearer API key or the session cookie; nothing is looked up yet. */
export function readCredentials(req: FastifyRequest, isWrite: boolean): Credentials {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const parsed = m ? parseApiKey(m[1]) : undefined;
    if (!parsed)
      throw new AppError('unauthenticated', 'The Authorization header does not hold a valid API key');
    return { kind: 'api_key', ...parsed };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) throw unauthenticated();
  const csrf = req.headers['x-csrf-token'];
  return {
    kind: 'session',
    token,
    csrfToken: typeof csrf === 'string' ? csrf : undefined,
    needsCsrf: isWrite,
  };
}

/** The API key row an API-key request is checked against, in the request's own transaction. */
interface ApiKeyRow {
  user_id: string;
  secret_hash: string;
  role: Role;
  team_id: string | null;
  stale: boolean;
  meta_version: number;
}

/**
 * The key is the transaction's `app.api_key_id` (TxScope.apiKeyId), not a parameter: a statement
 * without parameters keeps its plan per connection even where custom plans are forced, and
 * planning this three-table join costs more than running it.
 */
const apiKeyStatement: Statement = {
  text: `select k.user_id, k.secret_hash, m.role, m.team_id, w.meta_version,
               (k.last_used_at is null or k.last_used_at < now() - interval '1 minute') as stale
        from api_keys k join memberships m on m.tenant_id = k.tenant_id and m.user_id = k.user_id
          join workspaces w on w.tenant_id = k.tenant_id
        where k.id = nullif(current_setting('app.api_key_id', true), '')::uuid
          and k.revoked_at is null and m.status = 'active'`,
  params: [],
};

/**
 * The actor an API key resolved to the last time, per process, keyed by key id. Only a hint: every
 * request still reads the key row in its own transaction and compares (see {@link authenticate}).
 * Entries are kept only for actors whose reach needs no query (admins; members and read-only users;
 * managers without a team), so the row alone tells whether the entry still holds.
 */
const apiKeyActors = new Map<string, { row: ApiKeyRow; actor: Actor }>();
const MAX_CACHED_KEYS = 10_000;

/** The cached actor of an API key no longer matches its row (role, team or metadata changed). */
export class StaleActorError extends Error {
  constructor() {
    super('the cached actor of this API key is out of date');
  }
}

/** An actor, and the check that it still holds, which must pass before the transaction commits. */
export interface Authentication {
  actor: Actor;
  /**
   * Resolves when the credentials were confirmed in this transaction; rejects with
   * `unauthenticated` (revoked key, removed member) or {@link StaleActorError} (redo the request).
   */
  verified: Promise<void>;
}

const sameActorRow = (a: ApiKeyRow, b: ApiKeyRow) =>
  a.user_id === b.user_id &&
  a.secret_hash === b.secret_hash &&
  a.role === b.role &&
  a.team_id === b.team_id &&
  Number(a.meta_version) === Number(b.meta_version);

/**
 * Resolves credentials to an Actor inside the request's transaction; the tenant is set
 * transaction-locally (API keys carry it; sessions set it here), so every later statement runs
 * under that workspace's RLS. The transaction of an API key must be opened with
 * {@link credentialScope} (tenant and key id).
 *
 * API keys on PostgreSQL are checked without a round trip of their own: the key's row is read in
 * the same write as BEGIN and the request's first statements, while the request proceeds with the
 * actor this key resolved to before. `verified` compares the row with that actor; the caller awaits
 * it before COMMIT, so a revoked key, a removed member or a changed role or metadata version is
 * seen by the very next request on every node (the write rolls back and answers 401, or the
 * request is redone with the fresh actor). Nothing reaches the client or the database before it.
 */
export async function authenticate(
  tx: Tx,
  credentials: Credentials,
  config: Config,
  useCache = true,
): Promise<Authentication> {
  if (credentials.kind !== 'api_key') {
    return { actor: await authenticateSession(tx, credentials, config), verified: Promise.resolve() };
  }
  const { keyId } = credentials;
  const secretHash = sha256(credentials.secret);
  const pending = start(tx, apiKeyStatement);
  const check = async (): Promise<ApiKeyRow> => {
    const [row] = (await pending) as unknown as ApiKeyRow[];
    if (!row || !safeEqual(row.secret_hash, secretHash)) {
      apiKeyActors.delete(keyId);
      throw new AppError('unauthenticated', 'The API key is unknown or revoked');
    }
    // Once a minute at most; concurrent requests with the same key skip the row rather than queue
    // behind the one transaction that holds it until it commits.
    if (row.stale)
      await deferWrite(tx, {
        text: `update api_keys set last_used_at = now()
          where id = (select id from api_keys where id = $1 for update skip locked)`,
        params: [keyId],
      });
    return row;
  };
  const cached = useCache && isPipelined(tx) ? apiKeyActors.get(keyId) : undefined;
  if (cached && safeEqual(cached.row.secret_hash, secretHash)) {
    const verified = check().then((row) => {
      if (!sameActorRow(row, cached.row)) {
        apiKeyActors.delete(keyId);
        throw new StaleActorError();
      }
    });
    verified.catch(() => {}); // awaited by the caller before commit
    return { actor: cached.actor, verified };
  }
  const row = await check();
  const actor: Actor = {
    tenantId: credentials.tenantId,
    userId: row.user_id,
    role: row.role,
    via: 'api_key',
    apiKeyId: keyId,
    metaVersion: row.meta_version,
    visibleOwners: await resolveVisibleOwners(tx, row.user_id, row.role, row.team_id),
  };
  if (row.role !== 'manager' || !row.team_id) {
    if (apiKeyActors.size >= MAX_CACHED_KEYS) apiKeyActors.clear();
    apiKeyActors.set(keyId, { row: { ...row, stale: false }, actor: Object.freeze(actor) as Actor });
  }
  return { actor, verified: Promise.resolve() };
}

/** {@link authenticate}, waiting for the check: for callers that return the actor right away. */
export async function authenticateInTx(tx: Tx, credentials: Credentials, config: Config): Promise<Actor> {
  const { actor, verified } = await authenticate(tx, credentials, config, false);
  await verified;
  return actor;
}

async function authenticateSession(
  tx: Tx,
  credentials: Extract<Credentials, { kind: 'session' }>,
  config: Config,
): Promise<Actor> {
  const [session] = rowsOf<{
    id: string;
    user_id: string;
    workspace_id: string;
    csrf_token: string;
    refresh: boolean;
  }>(
    await tx.execute(sql`
      select id, user_id, workspace_id, csrf_token,
             expires_at < now() + make_interval(hours => ${Math.ceil(config.sessionTtlHours / 2)}) as refresh,
             set_config('app.tenant_id', workspace_id::text, true), set_config('app.user_id', user_id::text, true)
      from sessions where token_hash = ${sha256(credentials.token)} and expires_at > now()`),
  );
  if (!session) throw new AppError('unauthenticated', 'Your session has expired; sign in again');
  if (
    credentials.needsCsrf &&
    !(credentials.csrfToken && safeEqual(credentials.csrfToken, session.csrf_token))
  ) {
    throw new AppError('csrf_failed', 'Missing or wrong x-csrf-token header');
  }
  const [member] = rowsOf<{ role: Role; team_id: string | null; meta_version: number }>(
    await tx.execute(sql`select m.role, m.team_id, w.meta_version
      from memberships m join workspaces w on w.tenant_id = m.tenant_id
      where m.tenant_id = ${session.workspace_id} and m.user_id = ${session.user_id} and m.status = 'active'`),
  );
  if (!member) throw new AppError('unauthenticated', 'You are no longer a member of this workspace');
  if (session.refresh) {
    await tx.execute(sql`update sessions set expires_at = now() + make_interval(hours => ${config.sessionTtlHours})
      where id = ${session.id}`);
  }
  return {
    tenantId: session.workspace_id,
    userId: session.user_id,
    role: member.role,
    via: 'session',
    sessionId: session.id,
    metaVersion: member.meta_version,
    visibleOwners: await resolveVisibleOwners(tx, session.user_id, member.role, member.team_id),
  };
}
