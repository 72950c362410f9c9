import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { resolveVisibleOwners } from '../access/scope';
import type { Config } from '../config/config';
import { rowsOf, type Tx } from '../db/database';
import { AppError } from '../http/errors';
import { parseApiKey, safeEqual, sha256 } from './secrets';

export const SESSION_COOKIE = 'gx_session';

export type Credentials =
  | { kind: 'api_key'; tenantId: string; keyId: string; secret: string }
  | { kind: 'session'; token: string; csrfToken?: string; needsCsrf: boolean; tenantId?: undefined };

const unauthenticated = () =>
  new AppError('unauthenticated', 'Sign in, or send an API key as Authorization: Bearer');

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

/**
 * Resolves credentials to an Actor inside the request's transaction and sets the tenant
 * transaction-locally, so every later statement runs under that workspace's RLS.
 */
export async function authenticateInTx(tx: Tx, credentials: Credentials, config: Config): Promise<Actor> {
  if (credentials.kind === 'api_key') {
    const [key] = rowsOf<{
      user_id: string;
      secret_hash: string;
      role: Role;
      team_id: string | null;
      stale: boolean;
      meta_version: number;
    }>(
      await tx.execute(sql`
        select k.user_id, k.secret_hash, m.role, m.team_id, w.meta_version,
               (k.last_used_at is null or k.last_used_at < now() - interval '1 minute') as stale
        from api_keys k join memberships m on m.tenant_id = k.tenant_id and m.user_id = k.user_id
          join workspaces w on w.tenant_id = k.tenant_id
        where k.id = ${credentials.keyId} and k.revoked_at is null and m.status = 'active'`),
    );
    if (!key || !safeEqual(key.secret_hash, sha256(credentials.secret))) {
      throw new AppError('unauthenticated', 'The API key is unknown or revoked');
    }
    // Once a minute at most; concurrent requests with the same key skip the row rather than queue
    // behind the one transaction that holds it until it commits.
    if (key.stale)
      await tx.execute(sql`update api_keys set last_used_at = now()
        where id = (select id from api_keys where id = ${credentials.keyId} for update skip locked)`);
    return {
      tenantId: credentials.tenantId,
      userId: key.user_id,
      role: key.role,
      via: 'api_key',
      apiKeyId: credentials.keyId,
      metaVersion: key.meta_version,
      visibleOwners: await resolveVisibleOwners(tx, key.user_id, key.role, key.team_id),
    };
  }
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
