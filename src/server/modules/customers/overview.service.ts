import { isUuid } from '../../platform/db/ids';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor';
import { invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { presentCompany } from './companies.presenter';
import { presentContact } from './contacts.presenter';
import * as repo from './overview.repo';
import type { OverviewQuery } from './overview.schemas';
import { type TimelineEntry, type TimelineSubject, timelinePage } from './timeline';

const LINKS_SHOWN = 50;

/** A timeline page as the API returns it. */
export interface TimelinePageResponse {
  data: TimelineEntry[];
  nextCursor: string | null;
}

async function timeline(
  ctx: RequestContext,
  subject: TimelineSubject,
  query: OverviewQuery,
): Promise<TimelinePageResponse> {
  const position = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const before = position ? { at: String(position[0]), id: String(position[1]) } : null;
  if (before && (Number.isNaN(Date.parse(before.at)) || !isUuid(before.id))) {
    throw invalid([
      { field: 'cursor', code: 'invalid_cursor', message: 'Not a cursor returned by this API' },
    ]);
  }
  const page = await timelinePage(ctx.tx, ctx.actor, subject, before, query.limit);
  return { data: page.entries, nextCursor: page.next ? encodeCursor([page.next.at, page.next.id]) : null };
}

/**
 * The 360° view of a contact: profile, linked companies and the first timeline page. Deleted and
 * merged contacts are shown too (with `mergedInto`), so a bookmark still explains what happened.
 */
export async function contactOverview(ctx: RequestContext, id: string, query: OverviewQuery) {
  const row = await repo.findContactForOverview(ctx.tx, ctx.actor, id);
  if (!row) throw notFound('Contact');
  return {
    profile: presentContact(row) as unknown as Record<string, unknown>,
    mergedInto: row.mergedInto,
    companies: await repo.linkedCompanies(ctx.tx, ctx.actor, id, LINKS_SHOWN),
    timeline: await timeline(ctx, { objectType: 'contact', id }, query),
  };
}

/** The 360° view of a company: profile, its contacts (first 50 and the total) and the timeline. */
export async function companyOverview(ctx: RequestContext, id: string, query: OverviewQuery) {
  const row = await repo.findCompanyForOverview(ctx.tx, ctx.actor, id);
  if (!row) throw notFound('Company');
  const linked = await repo.linkedContacts(ctx.tx, ctx.actor, id, LINKS_SHOWN);
  return {
    profile: presentCompany(row) as unknown as Record<string, unknown>,
    mergedInto: row.mergedInto,
    contacts: { data: linked.rows, total: linked.total },
    timeline: await timeline(ctx, { objectType: 'company', id }, query),
  };
}

/** Further timeline pages of a contact or company the actor may see. */
export async function recordTimeline(
  ctx: RequestContext,
  subject: TimelineSubject,
  query: OverviewQuery,
): Promise<TimelinePageResponse> {
  const found =
    subject.objectType === 'contact'
      ? await repo.findContactForOverview(ctx.tx, ctx.actor, subject.id)
      : await repo.findCompanyForOverview(ctx.tx, ctx.actor, subject.id);
  if (!found) throw notFound(subject.objectType === 'contact' ? 'Contact' : 'Company');
  return timeline(ctx, subject, query);
}
