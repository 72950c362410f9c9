import { asc, eq, sql } from 'drizzle-orm';
import { teams } from '../../platform/access/schema';
import { recordChange } from '../../platform/audit/record-change';
import { memberships } from '../../platform/auth/schema';
import { rowsOf } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { AppError, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';

type TeamRow = typeof teams.$inferSelect;
const present = (t: TeamRow) => ({ id: t.id, name: t.name, parentId: t.parentId });

export async function listTeams(ctx: RequestContext) {
  return (await ctx.tx.select().from(teams).orderBy(asc(teams.name))).map(present);
}

async function checkParent(ctx: RequestContext, teamId: string | null, parentId: string | null | undefined) {
  if (!parentId) return;
  const [parent] = await ctx.tx.select({ id: teams.id }).from(teams).where(eq(teams.id, parentId));
  if (!parent) throw invalid([{ field: 'parentId', code: 'unknown_team', message: 'No team with this id' }]);
  if (!teamId) return;
  // The new parent must not be the team itself or one of its descendants (no cycles).
  const loop = rowsOf(
    await ctx.tx.execute(sql`
      with recursive up as (
        select id, parent_id from teams where id = ${parentId}
        union all select t.id, t.parent_id from teams t join up on t.id = up.parent_id
      ) select 1 from up where id = ${teamId} limit 1`),
  );
  if (loop.length > 0)
    throw invalid([{ field: 'parentId', code: 'cycle', message: 'A team cannot sit under itself' }]);
}

export async function createTeam(ctx: RequestContext, input: { name: string; parentId?: string | null }) {
  await checkParent(ctx, null, input.parentId);
  const [row] = await ctx.tx
    .insert(teams)
    .values({ tenantId: ctx.actor.tenantId, id: newId(), name: input.name, parentId: input.parentId ?? null })
    .returning();
  await recordChange(ctx, {
    action: 'create',
    objectType: 'team',
    objectId: row.id,
    before: null,
    after: present(row),
  });
  return present(row);
}

export async function updateTeam(
  ctx: RequestContext,
  id: string,
  input: { name?: string; parentId?: string | null },
) {
  const [before] = await ctx.tx.select().from(teams).where(eq(teams.id, id));
  if (!before) throw notFound('Team');
  await checkParent(ctx, id, input.parentId);
  const [row] = await ctx.tx
    .update(teams)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(teams.id, id))
    .returning();
  await recordChange(ctx, {
    action: 'update',
    objectType: 'team',
    objectId: id,
    before: present(before),
    after: present(row),
  });
  return present(row);
}

export async function deleteTeam(ctx: RequestContext, id: string): Promise<void> {
  const [before] = await ctx.tx.select().from(teams).where(eq(teams.id, id));
  if (!before) throw notFound('Team');
  const [child] = await ctx.tx.select({ id: teams.id }).from(teams).where(eq(teams.parentId, id)).limit(1);
  if (child) throw new AppError('conflict', 'Move or delete the sub-teams first');
  await ctx.tx.update(memberships).set({ teamId: null }).where(eq(memberships.teamId, id));
  await ctx.tx.delete(teams).where(eq(teams.id, id));
  await recordChange(ctx, {
    action: 'delete',
    objectType: 'team',
    objectId: id,
    before: present(before),
    after: null,
  });
}
