import { recordChange } from '../../platform/audit/record-change';
import { notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { findLinksOfContacts } from './contact-companies.repo';
import { presentContact } from './contacts.presenter';
import { findVisibleContact } from './contacts.repo';
import * as repo from './privacy.repo';

const OBJECT = 'contact';

/** Name an erased contact keeps, in both languages of the app. */
export const ERASED_NAME = '已删除 / Erased';

async function loadContact(ctx: RequestContext, id: string) {
  const row = await findVisibleContact(ctx.tx, ctx.actor, id, true);
  if (!row) throw notFound('Contact');
  return row;
}

/**
 * Everything the workspace holds about one person (PIPL art. 45, GDPR art. 15): the record, its
 * company links, the records merged into it, its full audit history, and the imports that brought
 * or changed it.
 */
export async function personalData(ctx: RequestContext, id: string) {
  const row = await loadContact(ctx, id);
  const links = await findLinksOfContacts(ctx.tx, [id]);
  const history = await repo.findAuditOf(ctx.tx, OBJECT, id);
  const batchIds = new Set<string>();
  if (row.importBatchId) batchIds.add(row.importBatchId);
  for (const h of history)
    if (h.requestId?.startsWith('import:')) batchIds.add(h.requestId.slice('import:'.length));
  const imports = await repo.findImportBatches(ctx.tx, [...batchIds]);
  await recordChange(ctx, {
    action: 'access_export',
    objectType: OBJECT,
    objectId: id,
    before: null,
    after: null,
  });
  return {
    generatedAt: new Date().toISOString(),
    subject: { objectType: OBJECT, id },
    record: presentContact(row, links),
    companies: links.map((l) => ({
      companyId: l.companyId,
      name: l.companyName,
      role: l.role,
      isPrimary: l.isPrimary,
    })),
    mergedRecords: await repo.findMergedInto(ctx.tx, id),
    auditHistory: history.map((h) => ({
      occurredAt: new Date(h.occurredAt).toISOString(),
      action: h.action,
      actorId: h.actorId,
      actorType: h.actorType,
      before: h.before ?? null,
      after: h.after ?? null,
    })),
    imports: imports.map((b) => ({ ...b, createdAt: new Date(b.createdAt).toISOString() })),
  };
}

/**
 * Erases a person (PIPL art. 47, GDPR art. 17) in one transaction: the contact keeps its id, owner,
 * company links, lifecycle stage and consent record, but its name becomes "已删除 / Erased" and its
 * phones, e-mails, addresses, birthday, notes, tags, custom values and search columns are cleared.
 * The values are also blanked in the record's earlier audit rows and event payloads and in cached
 * idempotent responses. The erase is audited as `erase`, without values.
 */
export async function eraseContact(ctx: RequestContext, id: string) {
  await loadContact(ctx, id);
  const row = await repo.anonymizeContact(ctx.tx, id, ERASED_NAME, ctx.actor.userId);
  if (!row) throw notFound('Contact');
  const scrubbed = await repo.scrubAuditValues(ctx.tx, ctx.actor.tenantId, OBJECT, id);
  await repo.scrubEventPayloads(ctx.tx, OBJECT, id);
  await repo.forgetIdempotentResponses(ctx.tx, id);
  await recordChange(ctx, {
    action: 'erase',
    objectType: OBJECT,
    objectId: id,
    before: null,
    after: null,
    event: 'contact.erased',
    payload: { erasedAt: new Date().toISOString(), auditRowsScrubbed: scrubbed },
  });
  return presentContact(row, await findLinksOfContacts(ctx.tx, [id]));
}
