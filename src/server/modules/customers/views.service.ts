import { validateFilter, validateSort } from '../../../shared/filter';
import { can } from '../../platform/access/roles';
import { recordChange } from '../../platform/audit/record-change';
import { newId } from '../../platform/db/ids';
import { AppError, forbidden, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import type { CustomerObject } from './custom-field-values';
import { loadCustomFields } from './custom-fields.repo';
import { fieldDescriptors } from './customers.metadata';
import { canManageView, presentView } from './views.presenter';
import * as repo from './views.repo';
import type { CreateViewInput, UpdateViewInput, ViewResponse } from './views.schemas';

const OBJECT = 'saved_view';

/**
 * Checks a view's filter, sort and columns against the object's current fields; `@me` is allowed,
 * it is resolved when the view is used. Throws FilterError (400) or a validation error.
 */
async function checkDefinition(
  ctx: RequestContext,
  objectType: CustomerObject,
  view: { filter?: unknown; sort?: string | null; columns?: string[] | null },
): Promise<void> {
  const fields = fieldDescriptors(objectType, await loadCustomFields(ctx.tx, objectType));
  if (view.filter !== undefined && view.filter !== null) validateFilter(view.filter, fields);
  if (view.sort) validateSort(view.sort, fields);
  const unknown = (view.columns ?? []).flatMap((c, i) =>
    Object.hasOwn(fields, c)
      ? []
      : [{ field: `columns.${i}`, code: 'unknown_field', message: `Unknown field "${c}"` }],
  );
  if (unknown.length > 0) throw invalid(unknown);
}

/** Sharing a view with the workspace takes the right to create records; personal views anyone may keep. */
function checkVisibility(ctx: RequestContext, visibility: string): void {
  if (visibility === 'shared' && !can(ctx.actor.role, 'create'))
    throw forbidden('Your role cannot share views');
}

/** The views of an object the actor sees: their own and the shared ones. */
export async function listViews(
  ctx: RequestContext,
  objectType: CustomerObject,
): Promise<{ data: ViewResponse[] }> {
  const rows = await repo.listVisibleViews(ctx.tx, ctx.actor.userId, objectType);
  return { data: rows.map((r) => presentView(r, ctx.actor)) };
}

/** One view the actor sees. */
export async function getView(ctx: RequestContext, id: string): Promise<ViewResponse> {
  const row = await repo.findVisibleView(ctx.tx, ctx.actor.userId, id);
  if (!row) throw notFound('View');
  return presentView(row, ctx.actor);
}

/** Saves a view after checking its filter against metadata. */
export async function createView(ctx: RequestContext, input: CreateViewInput): Promise<ViewResponse> {
  checkVisibility(ctx, input.visibility);
  await checkDefinition(ctx, input.objectType, input);
  const row = await repo.insertView(ctx.tx, {
    tenantId: ctx.actor.tenantId,
    id: newId(),
    objectType: input.objectType,
    name: input.name,
    ownerId: ctx.actor.userId,
    visibility: input.visibility,
    filter: input.filter ?? null,
    sort: input.sort || null,
    columns: input.columns ?? null,
  });
  const after = presentView(row, ctx.actor);
  await recordChange(ctx, {
    action: 'create',
    objectType: OBJECT,
    objectId: row.id,
    before: null,
    after,
    event: 'saved_view.created',
  });
  return after;
}

async function loadManageable(
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<repo.ViewRow> {
  const row = await repo.findVisibleView(ctx.tx, ctx.actor.userId, id);
  if (!row) throw notFound('View');
  if (!canManageView(ctx.actor, row)) throw forbidden('Only the owner or an admin can change this view');
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw stale(row, ctx);
  return row;
}

function stale(current: repo.ViewRow, ctx: RequestContext): AppError {
  return new AppError(
    'precondition_failed',
    'This view was changed by someone else; reload it and apply your change again',
    {
      extra: { current: presentView(current, ctx.actor) },
      headers: { etag: `W/"${current.version}"` },
    },
  );
}

/** Renames, re-filters or re-shares a view (owner, or an admin for shared views). */
export async function updateView(
  ctx: RequestContext,
  id: string,
  input: UpdateViewInput,
  expectedVersion: number | undefined,
): Promise<ViewResponse> {
  const current = await loadManageable(ctx, id, expectedVersion);
  if (input.visibility) checkVisibility(ctx, input.visibility);
  // Only the owner decides who sees their view; an admin may edit a shared view but not hide it.
  if (input.visibility && input.visibility !== current.visibility && current.ownerId !== ctx.actor.userId) {
    throw forbidden('Only the owner can change who sees this view');
  }
  await checkDefinition(ctx, current.objectType as CustomerObject, input);
  const changes: Partial<repo.NewViewRow> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.visibility !== undefined) changes.visibility = input.visibility;
  if (input.filter !== undefined) changes.filter = input.filter ?? null;
  if (input.sort !== undefined) changes.sort = input.sort || null;
  if (input.columns !== undefined) changes.columns = input.columns ?? null;
  const row = await repo.updateViewRow(ctx.tx, id, changes, current.version);
  if (!row) throw stale(current, ctx);
  const after = presentView(row, ctx.actor);
  await recordChange(ctx, {
    action: 'update',
    objectType: OBJECT,
    objectId: id,
    before: presentView(current, ctx.actor),
    after,
    event: 'saved_view.updated',
  });
  return after;
}

/** Deletes a view (owner, or an admin for shared views). */
export async function deleteView(
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<void> {
  const current = await loadManageable(ctx, id, expectedVersion);
  await repo.deleteViewRow(ctx.tx, id);
  await recordChange(ctx, {
    action: 'delete',
    objectType: OBJECT,
    objectId: id,
    before: presentView(current, ctx.actor),
    after: null,
    event: 'saved_view.deleted',
  });
}
