import { and, eq } from 'drizzle-orm';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import type { Actor } from '../../platform/access/actor';
import { ownsOrSees } from '../../platform/access/scope';
import { recordChange } from '../../platform/audit/record-change';
import { memberships } from '../../platform/auth/schema';
import { newId } from '../../platform/db/ids';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { AppError, forbidden, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { presentContact } from './contacts.presenter';
import * as repo from './contacts.repo';
import type { ContactResponse, CreateContactInput, UpdateContactInput } from './contacts.schemas';

const OBJECT = 'contact';

/** E.164 for a phone typed any common way; the default region is China (+86). */
function normalizePhone(raw: string | null | undefined, field = 'phone'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  try {
    const parsed = parsePhoneNumberWithError(raw, 'CN');
    if (parsed.isPossible()) return parsed.number;
  } catch {
    // reported below
  }
  throw invalid([{ field, code: 'invalid_phone', message: `"${raw}" is not a phone number` }]);
}

const normalizeEmail = (raw: string | null | undefined) => (raw ? raw.trim().toLowerCase() : raw);

/** Checks that `ownerId` is an active member the actor may hand records to. */
async function checkOwner(ctx: RequestContext, ownerId: string | null): Promise<void> {
  if (ownerId === null) return;
  const { actor, tx } = ctx;
  if (!ownsOrSees(actor, ownerId)) throw forbidden('You cannot assign records to that user');
  const [member] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.userId, ownerId), eq(memberships.tenantId, actor.tenantId), eq(memberships.status, 'active')));
  if (!member) throw invalid([{ field: 'ownerId', code: 'unknown_user', message: 'No active member with this id' }]);
}

async function loadForWrite(ctx: RequestContext, id: string, includeDeleted = false): Promise<repo.ContactRow> {
  const row = await repo.findVisibleContact(ctx.tx, ctx.actor, id, includeDeleted);
  if (!row) throw notFound('Contact');
  return row;
}

export async function createContact(ctx: RequestContext, input: CreateContactInput): Promise<ContactResponse> {
  const ownerId = input.ownerId === undefined ? ctx.actor.userId : input.ownerId;
  await checkOwner(ctx, ownerId);
  const row = await repo.insertContact(ctx.tx, {
    tenantId: ctx.actor.tenantId,
    id: newId(),
    name: input.name,
    email: normalizeEmail(input.email) ?? null,
    phone: normalizePhone(input.phone) ?? null,
    ownerId,
    createdBy: ctx.actor.userId,
    updatedBy: ctx.actor.userId,
  });
  const after = presentContact(row);
  await recordChange(ctx, { action: 'create', objectType: OBJECT, objectId: row.id, before: null, after, event: 'contact.created' });
  return after;
}

export async function getContact(ctx: RequestContext, id: string): Promise<ContactResponse> {
  const row = await repo.findVisibleContact(ctx.tx, ctx.actor, id);
  if (!row) throw notFound('Contact');
  return presentContact(row);
}

/** Applies a partial change; with `expectedVersion` a concurrent edit is a 412, never a silent overwrite. */
export async function updateContact(
  ctx: RequestContext,
  id: string,
  input: UpdateContactInput,
  expectedVersion: number | undefined,
): Promise<ContactResponse> {
  const current = await loadForWrite(ctx, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(current);
  const changes: Partial<repo.NewContactRow> = { updatedBy: ctx.actor.userId };
  if (input.name !== undefined) changes.name = input.name;
  if (input.email !== undefined) changes.email = normalizeEmail(input.email);
  if (input.phone !== undefined) changes.phone = normalizePhone(input.phone);
  if (input.ownerId !== undefined) {
    await checkOwner(ctx, input.ownerId);
    changes.ownerId = input.ownerId;
  }
  const row = await repo.updateContactRow(ctx.tx, id, changes, expectedVersion ?? current.version);
  if (!row) throw stale((await repo.findVisibleContact(ctx.tx, ctx.actor, id)) ?? current);
  const before = presentContact(current);
  const after = presentContact(row);
  await recordChange(ctx, { action: 'update', objectType: OBJECT, objectId: id, before, after, event: 'contact.updated' });
  return after;
}

function stale(current: repo.ContactRow): AppError {
  return new AppError('precondition_failed', 'This contact was changed by someone else; reload it and apply your change again', {
    extra: { current: presentContact(current) },
    headers: { etag: `W/"${current.version}"` },
  });
}

export async function deleteContact(ctx: RequestContext, id: string, expectedVersion: number | undefined): Promise<void> {
  const current = await loadForWrite(ctx, id);
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw stale(current);
  const row = await repo.updateContactRow(ctx.tx, id, { deletedAt: new Date(), updatedBy: ctx.actor.userId }, current.version);
  if (!row) throw stale(current);
  await recordChange(ctx, {
    action: 'delete',
    objectType: OBJECT,
    objectId: id,
    before: presentContact(current),
    after: presentContact(row),
    event: 'contact.deleted',
  });
}

export async function restoreContact(ctx: RequestContext, id: string): Promise<ContactResponse> {
  const current = await loadForWrite(ctx, id, true);
  if (!current.deletedAt) return presentContact(current);
  const row = await repo.updateContactRow(ctx.tx, id, { deletedAt: null, updatedBy: ctx.actor.userId }, current.version);
  if (!row) throw stale(current);
  const after = presentContact(row);
  await recordChange(ctx, {
    action: 'restore',
    objectType: OBJECT,
    objectId: id,
    before: presentContact(current),
    after,
    event: 'contact.restored',
  });
  return after;
}

export async function listContacts(
  ctx: RequestContext,
  query: { limit: number; cursor?: string; q?: string },
): Promise<{ data: ContactResponse[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await repo.listContactPage(ctx.tx, ctx.actor, {
    limit: query.limit + 1,
    after: after ? { createdAt: String(after[0]), id: String(after[1]) } : undefined,
    q: query.q || undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null;
  return { data: page.map(presentContact), nextCursor };
}

export type { Actor };
