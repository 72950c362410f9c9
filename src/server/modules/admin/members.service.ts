import { and, asc, eq, sql } from 'drizzle-orm';
import { teams } from '../../platform/access/schema';
import { recordChange } from '../../platform/audit/record-change';
import { memberships, users, workspaces } from '../../platform/auth/schema';
import { AppError, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';

export async function getWorkspace(ctx: RequestContext) {
  const [w] = await ctx.tx.select().from(workspaces).where(eq(workspaces.tenantId, ctx.actor.tenantId));
  if (!w) throw notFound('Workspace');
  return {
    id: w.tenantId,
    name: w.name,
    defaultRegion: w.defaultRegion,
    defaultLocale: w.defaultLocale,
    defaultCurrency: w.defaultCurrency,
    version: w.version,
  };
}

export async function updateWorkspace(
  ctx: RequestContext,
  input: { name?: string; defaultRegion?: string; defaultLocale?: string; defaultCurrency?: string },
) {
  const before = await getWorkspace(ctx);
  await ctx.tx
    .update(workspaces)
    .set({ ...input, version: sql`${workspaces.version} + 1`, updatedAt: new Date() })
    .where(eq(workspaces.tenantId, ctx.actor.tenantId));
  const after = await getWorkspace(ctx);
  await recordChange(ctx, {
    action: 'update',
    objectType: 'workspace',
    objectId: ctx.actor.tenantId,
    before,
    after,
  });
  return after;
}

function memberQuery(ctx: RequestContext) {
  return ctx.tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      teamId: memberships.teamId,
      status: memberships.status,
      createdAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
}

type MemberRow = Awaited<ReturnType<typeof memberQuery>>[number];
const presentMember = (m: MemberRow) => ({
  ...m,
  role: m.role as 'admin',
  createdAt: m.createdAt.toISOString(),
});

export async function listMembers(ctx: RequestContext) {
  const rows = await memberQuery(ctx)
    .where(eq(memberships.tenantId, ctx.actor.tenantId))
    .orderBy(asc(users.name));
  return rows.map(presentMember);
}

/** Changes a member's role, team or status; the workspace always keeps at least one active admin. */
export async function updateMember(
  ctx: RequestContext,
  userId: string,
  input: { role?: string; teamId?: string | null; status?: string },
) {
  const where = and(eq(memberships.tenantId, ctx.actor.tenantId), eq(memberships.userId, userId));
  const [before] = await memberQuery(ctx).where(where);
  if (!before) throw notFound('Member');
  if (input.teamId) {
    const [team] = await ctx.tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId));
    if (!team) throw invalid([{ field: 'teamId', code: 'unknown_team', message: 'No team with this id' }]);
  }
  await ctx.tx
    .update(memberships)
    .set({ ...input, updatedAt: new Date() })
    .where(where);
  const [{ admins }] = await ctx.tx
    .select({ admins: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.role, 'admin'), eq(memberships.status, 'active')));
  if (admins === 0) throw new AppError('conflict', 'A workspace needs at least one active admin');
  const [after] = await memberQuery(ctx).where(where);
  await recordChange(ctx, {
    action: 'update',
    objectType: 'member',
    objectId: userId,
    before: presentMember(before),
    after: presentMember(after),
  });
  return presentMember(after);
}
