import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../db/database';
import type { Actor } from './actor';
import type { Role } from './roles';

/** SQL predicate limiting rows to those the actor may see by ownership (DESIGN §4.4). */
export function ownerScope(actor: Actor, ownerColumn: AnyColumn | SQL): SQL | undefined {
  if (actor.visibleOwners === 'all') return undefined;
  return sql`(${ownerColumn} is null or ${ownerColumn} = any(${sql.param(actor.visibleOwners)}::uuid[]))`;
}

/** True when a record owned by `ownerId` is within the actor's reach. */
export function ownsOrSees(actor: Actor, ownerId: string | null): boolean {
  return ownerId === null || actor.visibleOwners === 'all' || actor.visibleOwners.includes(ownerId);
}

/**
 * Resolves whose records a user sees: admins all; managers themselves plus every member of the
 * teams (and sub-teams) they belong to as manager; members and read-only users themselves.
 */
export async function resolveVisibleOwners(
  tx: Tx,
  userId: string,
  role: Role,
  teamId: string | null,
): Promise<'all' | string[]> {
  if (role === 'admin') return 'all';
  if (role !== 'manager' || !teamId) return [userId];
  const rows = rowsOf<{ user_id: string }>(
    await tx.execute(sql`
      with recursive subtree as (
        select id from teams where id = ${teamId}
        union all
        select t.id from teams t join subtree s on t.parent_id = s.id
      )
      select m.user_id from memberships m where m.team_id in (select id from subtree) and m.status = 'active'`),
  );
  const ids = new Set(rows.map((r) => r.user_id));
  ids.add(userId);
  return [...ids];
}
