import { and, asc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor';
import type { Role } from '../access/roles';
import { recordChange } from '../audit/record-change';
import type { Config } from '../config/config';
import type { Database, Tx } from '../db/database';
import { newId } from '../db/ids';
import { AppError } from '../http/errors';
import type { RequestContext } from '../http/request-context';
import type { SessionResponse } from './auth.schemas';
import { invitations, loginAttempts, memberships, sessions, users, workspaces } from './schema';
import {
  dummyPasswordHash,
  hashPassword,
  parseApiKey,
  randomSecret,
  safeEqual,
  sha256,
  verifyPassword,
} from './secrets';

export interface IssuedSession {
  token: string;
  session: SessionResponse;
}

type Locale = 'zh-CN' | 'en';

async function issueSession(
  tx: Tx,
  config: Config,
  userId: string,
  tenantId: string,
): Promise<IssuedSession> {
  const token = randomSecret(32);
  const csrfToken = randomSecret(24);
  await tx.insert(sessions).values({
    id: newId(),
    tokenHash: sha256(token),
    userId,
    workspaceId: tenantId,
    csrfToken,
    expiresAt: new Date(Date.now() + config.sessionTtlHours * 3_600_000),
  });
  return { token, session: await describeSession(tx, userId, tenantId, csrfToken) };
}

/** The session payload; the transaction must have app.user_id set (to list the user's workspaces). */
export async function describeSession(
  tx: Tx,
  userId: string,
  tenantId: string,
  csrfToken: string,
): Promise<SessionResponse> {
  const [user] = await tx.select().from(users).where(eq(users.id, userId));
  const all = await tx
    .select({ id: workspaces.tenantId, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.tenantId, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(asc(workspaces.name));
  const current = all.find((w) => w.id === tenantId);
  if (!user || !current)
    throw new AppError('unauthenticated', 'You are no longer a member of this workspace');
  return {
    user: { id: user.id, name: user.name, email: user.email, locale: user.locale as Locale },
    workspace: { id: current.id, name: current.name },
    role: current.role as Role,
    csrfToken,
    workspaces: all.map((w) => ({ id: w.id, name: w.name, role: w.role as Role })),
  };
}

/** Creates a workspace, its first admin and a session. An e-mail that already has an account is a 409. */
export async function signup(
  db: Database,
  config: Config,
  input: { workspaceName: string; name: string; email: string; password: string; locale?: Locale },
  meta: { requestId: string; ip: string },
): Promise<IssuedSession> {
  const passwordHash = await hashPassword(input.password);
  const tenantId = newId();
  const userId = newId();
  return db.tx({ tenantId, userId }, async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) {
      throw new AppError('already_exists', 'An account with this e-mail already exists; sign in instead', {
        errors: [
          { field: 'email', code: 'already_exists', message: 'An account with this e-mail already exists' },
        ],
      });
    }
    const locale = input.locale ?? 'zh-CN';
    await tx.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash, locale });
    await tx.insert(workspaces).values({ tenantId, name: input.workspaceName, defaultLocale: locale });
    await tx.insert(memberships).values({ tenantId, userId, role: 'admin' });
    const actor: Actor = { tenantId, userId, role: 'admin', via: 'session', visibleOwners: 'all' };
    await recordChange(
      { tx, actor, requestId: meta.requestId, ip: meta.ip, events: [] },
      {
        action: 'create',
        objectType: 'workspace',
        objectId: tenantId,
        before: null,
        after: { name: input.workspaceName },
      },
    );
    return issueSession(tx, config, userId, tenantId);
  });
}

/**
 * Password sign-in with a per-e-mail failure counter: after LOGIN_MAX_FAILURES wrong passwords the
 * e-mail is locked for LOGIN_LOCKOUT_SECONDS (429), whichever password is then tried.
 */
export async function login(
  db: Database,
  config: Config,
  input: { email: string; password: string; workspaceId?: string },
): Promise<IssuedSession> {
  const found = await db.tx({}, async (tx) => {
    const [attempt] = await tx.select().from(loginAttempts).where(eq(loginAttempts.email, input.email));
    const [user] = await tx.select().from(users).where(eq(users.email, input.email));
    return { attempt, user };
  });
  const lockedUntil = found.attempt?.lockedUntil;
  if (lockedUntil && lockedUntil > new Date()) {
    const seconds = Math.ceil((lockedUntil.getTime() - Date.now()) / 1000);
    throw new AppError('locked_out', `Too many failed sign-ins; try again in ${seconds} seconds`, {
      headers: { 'retry-after': String(seconds) },
    });
  }
  let ok = false;
  if (found.user?.passwordHash) ok = await verifyPassword(found.user.passwordHash, input.password);
  // An unknown e-mail costs the same hashing time as a wrong password, so timing reveals nothing.
  else await verifyPassword(await dummyPasswordHash(), input.password);
  if (!ok || !found.user) {
    await db.tx({}, (tx) =>
      tx.execute(sql`
        insert into login_attempts (email, failures, updated_at) values (${input.email}, 1, now())
        on conflict (email) do update set
          failures = case when login_attempts.locked_until is not null then 1 else login_attempts.failures + 1 end,
          locked_until = case when login_attempts.locked_until is null and login_attempts.failures + 1 >= ${config.loginMaxFailures}
                              then now() + make_interval(secs => ${config.loginLockoutSeconds}) else null end,
          updated_at = now()`),
    );
    throw new AppError('invalid_credentials', 'Wrong e-mail or password');
  }
  const user = found.user;
  return db.tx({ userId: user.id }, async (tx) => {
    await tx.delete(loginAttempts).where(eq(loginAttempts.email, input.email));
    const mine = await tx
      .select({ tenantId: memberships.tenantId })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.status, 'active')))
      .orderBy(asc(memberships.createdAt));
    const target = input.workspaceId ? mine.find((m) => m.tenantId === input.workspaceId) : mine[0];
    if (!target) throw new AppError('forbidden', 'You are not a member of that workspace');
    await tx.execute(sql`select set_config('app.tenant_id', ${target.tenantId}, true)`);
    return issueSession(tx, config, user.id, target.tenantId);
  });
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.tx({}, (tx) => tx.delete(sessions).where(eq(sessions.tokenHash, sha256(token))));
}

/** Moves the current session to another workspace of the same user. */
export async function switchWorkspace(ctx: RequestContext, workspaceId: string): Promise<SessionResponse> {
  const { tx, actor } = ctx;
  if (actor.via !== 'session' || !actor.sessionId)
    throw new AppError('bad_request', 'Only browser sessions switch workspaces');
  await tx.execute(sql`select set_config('app.user_id', ${actor.userId}, true)`);
  const [member] = await tx
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, actor.userId),
        eq(memberships.tenantId, workspaceId),
        eq(memberships.status, 'active'),
      ),
    );
  if (!member) throw new AppError('not_found', 'Workspace not found');
  const [s] = await tx
    .update(sessions)
    .set({ workspaceId })
    .where(eq(sessions.id, actor.sessionId))
    .returning({ csrfToken: sessions.csrfToken });
  await tx.execute(sql`select set_config('app.tenant_id', ${workspaceId}, true)`);
  return describeSession(tx, actor.userId, workspaceId, s.csrfToken);
}

export async function currentSession(ctx: RequestContext): Promise<SessionResponse> {
  const { tx, actor } = ctx;
  await tx.execute(sql`select set_config('app.user_id', ${actor.userId}, true)`);
  let csrf = '';
  if (actor.sessionId) {
    const [s] = await tx
      .select({ csrfToken: sessions.csrfToken })
      .from(sessions)
      .where(eq(sessions.id, actor.sessionId));
    csrf = s?.csrfToken ?? '';
  }
  return describeSession(tx, actor.userId, actor.tenantId, csrf);
}

export async function updateMe(
  ctx: RequestContext,
  input: { name?: string; locale?: Locale },
): Promise<SessionResponse> {
  if (input.name !== undefined || input.locale !== undefined) {
    await ctx.tx
      .update(users)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(users.id, ctx.actor.userId));
  }
  return currentSession(ctx);
}

/** Creates another workspace owned by the signed-in user and switches the session to it. */
export async function createWorkspace(ctx: RequestContext, name: string): Promise<SessionResponse> {
  const tenantId = newId();
  const { tx, actor } = ctx;
  await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
  await tx.insert(workspaces).values({ tenantId, name });
  await tx.insert(memberships).values({ tenantId, userId: actor.userId, role: 'admin' });
  await recordChange(
    { ...ctx, actor: { ...actor, tenantId, role: 'admin', visibleOwners: 'all' } },
    { action: 'create', objectType: 'workspace', objectId: tenantId, before: null, after: { name } },
  );
  if (actor.sessionId)
    await tx.update(sessions).set({ workspaceId: tenantId }).where(eq(sessions.id, actor.sessionId));
  await tx.execute(sql`select set_config('app.user_id', ${actor.userId}, true)`);
  const [s] = actor.sessionId
    ? await tx
        .select({ csrfToken: sessions.csrfToken })
        .from(sessions)
        .where(eq(sessions.id, actor.sessionId))
    : [{ csrfToken: '' }];
  return describeSession(tx, actor.userId, tenantId, s.csrfToken);
}

/** Invitation tokens carry their workspace and id, like API keys: `inv_<ids>_<secret>`. */
export function parseInvitationToken(token: string) {
  return parseApiKey(token.replace(/^inv_/, 'gx_'));
}

/**
 * Accepts an invitation: an existing account joins with its password, a new one is created with a
 * name and password. Either way the result is a session in the invited workspace.
 */
export async function acceptInvitation(
  db: Database,
  config: Config,
  input: { token: string; name?: string; password?: string },
): Promise<IssuedSession> {
  const parsed = parseInvitationToken(input.token);
  const invalidLink = () => new AppError('not_found', 'This invitation link is invalid, used or expired');
  if (!parsed) throw invalidLink();
  const { tenantId, keyId: invitationId, secret } = parsed;
  const preview = await db.tx({ tenantId }, async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, invitationId), eq(invitations.tenantId, tenantId)));
    if (
      !inv ||
      !safeEqual(inv.tokenHash, sha256(secret)) ||
      inv.acceptedAt ||
      inv.revokedAt ||
      inv.expiresAt < new Date()
    ) {
      throw invalidLink();
    }
    const [user] = await tx.select().from(users).where(eq(users.email, inv.email));
    return { inv, user };
  });
  const { inv, user } = preview;
  if (!input.password) {
    throw new AppError('validation_failed', 'Enter a password', {
      errors: [{ field: 'password', code: 'required', message: 'Required' }],
    });
  }
  let userId: string;
  let passwordHash: string | undefined;
  if (user) {
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
      throw new AppError(
        'invalid_credentials',
        'An account with this e-mail exists: enter its password to join',
      );
    }
    userId = user.id;
  } else {
    if (!input.name) {
      throw new AppError('validation_failed', 'Enter your name', {
        errors: [{ field: 'name', code: 'required', message: 'Required' }],
      });
    }
    userId = newId();
    passwordHash = await hashPassword(input.password);
  }
  return db.tx({ tenantId, userId }, async (tx) => {
    const [claimed] = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), sql`accepted_at is null and revoked_at is null`))
      .returning({ id: invitations.id });
    if (!claimed) throw invalidLink();
    if (!user) {
      const [ws] = await tx
        .select({ locale: workspaces.defaultLocale })
        .from(workspaces)
        .where(eq(workspaces.tenantId, tenantId));
      await tx.insert(users).values({
        id: userId,
        email: inv.email,
        name: input.name!,
        passwordHash,
        locale: ws?.locale ?? 'zh-CN',
      });
    }
    await tx
      .insert(memberships)
      .values({ tenantId, userId, role: inv.role })
      .onConflictDoUpdate({
        target: [memberships.tenantId, memberships.userId],
        set: { status: 'active', role: inv.role },
      });
    const actor: Actor = {
      tenantId,
      userId,
      role: inv.role as Role,
      via: 'session',
      visibleOwners: [userId],
    };
    await recordChange(
      { tx, actor, requestId: '', ip: '', events: [] },
      {
        action: 'accept',
        objectType: 'invitation',
        objectId: invitationId,
        before: null,
        after: { email: inv.email, role: inv.role },
      },
    );
    return issueSession(tx, config, userId, tenantId);
  });
}
