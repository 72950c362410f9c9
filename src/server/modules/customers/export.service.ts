import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access/actor';
import { recordChange } from '../../platform/audit/record-change';
import { rowsOf } from '../../platform/db/database';
import { newId } from '../../platform/db/ids';
import { encodeCursor } from '../../platform/filter';
import { invalid } from '../../platform/http/errors';
import type { Platform } from '../../platform/http/platform';
import { type RequestContext, runAs } from '../../platform/http/request-context';
import { presentCompany } from './companies.presenter';
import { listCompanyPage } from './companies.repo';
import { findLinksOfContacts } from './contact-companies.repo';
import { presentContact } from './contacts.presenter';
import { listContactPage } from './contacts.repo';
import type { CustomerObject } from './custom-field-values';
import { planList } from './customer-list';
import { loadObjectEnv } from './customer-writes';
import { type ExportColumn, type ExportLocale, exportColumns } from './export.columns';

/** Records read per transaction while streaming an export. */
const EXPORT_PAGE = 500;

/** What to export: the list's filter and sort, the columns, the language of headers and values. */
export interface ExportRequest {
  filter?: string;
  sort?: string;
  q?: string;
  columns?: string[];
  locale?: ExportLocale;
}

/** An export ready to stream: its header row and a generator of data rows. */
export interface PreparedExport {
  header: string[];
  rows: AsyncGenerator<string[]>;
}

async function readerLocale(ctx: RequestContext): Promise<ExportLocale> {
  const [row] = rowsOf<{ locale: string }>(
    await ctx.tx.execute(sql`select locale from users where id = ${ctx.actor.userId}`),
  );
  return row?.locale?.startsWith('en') ? 'en' : 'zh-CN';
}

async function memberNames(ctx: RequestContext): Promise<Map<string, string>> {
  const rows = rowsOf<{ user_id: string; name: string }>(
    await ctx.tx.execute(
      sql`select m.user_id, u.name from memberships m join users u on u.id = m.user_id where m.tenant_id = ${ctx.actor.tenantId}`,
    ),
  );
  return new Map(rows.map((r) => [r.user_id, r.name]));
}

/**
 * Prepares a streamed export of a contact or company list: the same filter, search and owner scope
 * as the list (a reader never exports a row they could not list), read page by page in short
 * transactions (so an export of a million rows holds no long transaction and little memory).
 * The export itself is audited. Bad filters or columns fail here, before anything is sent.
 */
export async function prepareExport(
  platform: Platform,
  actor: Actor,
  origin: { requestId: string; ip: string },
  objectType: CustomerObject,
  request: ExportRequest,
  format: 'csv' | 'xlsx',
): Promise<PreparedExport> {
  const setup = await runAs(platform, actor, origin, async (ctx) => {
    const env = await loadObjectEnv(ctx, objectType);
    const locale = request.locale ?? (await readerLocale(ctx));
    const { columns, errors } = exportColumns(objectType, env.customFields, request.columns, {
      locale,
      memberNames: await memberNames(ctx),
    });
    if (errors.length > 0) throw invalid(errors, 'Unknown export columns');
    // Compiles (and so validates) the filter now, so a bad one is a 400 rather than a broken download.
    planList(
      objectType,
      { filter: request.filter, sort: request.sort, q: request.q, limit: EXPORT_PAGE },
      { actor, customFields: env.customFields, timeZone: env.timeZone },
    );
    await recordChange(ctx, {
      action: 'export',
      objectType: `${objectType}_export`,
      objectId: newId(),
      before: null,
      after: {
        format,
        filter: request.filter ?? null,
        q: request.q ?? null,
        columns: columns.map((c) => c.key),
      },
    });
    return { env, columns };
  });
  return { header: setup.columns.map((c) => c.header), rows: pages(setup.columns, setup.env) };

  async function* pages(
    columns: ExportColumn[],
    env: Awaited<ReturnType<typeof loadObjectEnv>>,
  ): AsyncGenerator<string[]> {
    let cursor: string | undefined;
    do {
      const page = await runAs(platform, actor, origin, async (ctx) => {
        const plan = planList(
          objectType,
          { filter: request.filter, sort: request.sort, q: request.q, limit: EXPORT_PAGE, cursor },
          { actor, customFields: env.customFields, timeZone: env.timeZone },
        );
        if (objectType === 'contact') {
          const rows = await listContactPage(ctx.tx, plan);
          const slice = rows.slice(0, EXPORT_PAGE);
          const links = await findLinksOfContacts(
            ctx.tx,
            slice.map((r) => r.id),
          );
          return {
            records: slice.map(
              ({ sortKey: _k, ...r }) => presentContact(r, links) as unknown as Record<string, unknown>,
            ),
            next:
              rows.length > EXPORT_PAGE
                ? encodeCursor(plan.sort, slice[slice.length - 1].sortKey as string[])
                : undefined,
          };
        }
        const rows = await listCompanyPage(ctx.tx, plan);
        const slice = rows.slice(0, EXPORT_PAGE);
        return {
          records: slice.map(
            ({ sortKey: _k, ...r }) => presentCompany(r) as unknown as Record<string, unknown>,
          ),
          next:
            rows.length > EXPORT_PAGE
              ? encodeCursor(plan.sort, slice[slice.length - 1].sortKey as string[])
              : undefined,
        };
      });
      for (const record of page.records) yield columns.map((c) => c.value(record));
      cursor = page.next;
    } while (cursor);
  }
}
