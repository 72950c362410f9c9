import type { Actor } from '../../platform/access/actor';
import type { ViewRow } from './views.repo';
import type { ViewResponse } from './views.schemas';

const iso = (d: Date | string) => new Date(d).toISOString();

/** Whether the actor may change or delete a view: its owner always, admins the shared ones. */
export function canManageView(actor: Actor, row: Pick<ViewRow, 'ownerId' | 'visibility'>): boolean {
  return row.ownerId === actor.userId || (row.visibility === 'shared' && actor.role === 'admin');
}

/** The one place a saved view becomes an API object, with the reader's abilities. */
export function presentView(row: ViewRow, actor: Actor): ViewResponse {
  const manage = canManageView(actor, row);
  return {
    id: row.id,
    objectType: row.objectType,
    name: row.name,
    visibility: row.visibility as ViewResponse['visibility'],
    ownerId: row.ownerId,
    filter: row.filter ?? null,
    sort: row.sort,
    columns: row.columns ?? null,
    abilities: { update: manage, delete: manage },
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
