import type { Team } from '../../api/types';

/**
 * Children of each team (key null = top level), sorted by name. Teams whose parent is missing
 * are treated as top level.
 */
export function teamChildren(teams: Team[], collator: Intl.Collator): Map<string | null, Team[]> {
  const ids = new Set(teams.map((t) => t.id));
  const children = new Map<string | null, Team[]>();
  for (const team of teams) {
    const parent = team.parentId && ids.has(team.parentId) ? team.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), team]);
  }
  for (const list of children.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  return children;
}

/** A team and everything under it: a team cannot be moved beneath any of these. */
export function subtreeIds(teams: Team[], rootId: string): Set<string> {
  const result = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const team of teams) {
      if (team.parentId && result.has(team.parentId) && !result.has(team.id)) {
        result.add(team.id);
        grew = true;
      }
    }
  }
  return result;
}
