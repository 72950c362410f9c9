import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { authorize } from '../../platform/http/request-context';
import type { CustomerObject } from './custom-field-values';
import { csvLine, UTF8_BOM } from './export.csv';
import { type PreparedExport, prepareExport } from './export.service';

const exportQuery = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv').describe('csv (UTF-8 with BOM, opens in Excel) or xlsx'),
  filter: z.string().max(20_000).optional().describe('The list filter (JSON), as on the list'),
  sort: z.string().max(500).optional(),
  q: z.string().max(200).optional().describe('Free-text search, as on the list'),
  columns: z
    .string()
    .max(4_000)
    .optional()
    .describe('Comma-separated field keys, in order; all fields when omitted'),
  locale: z
    .enum(['zh-CN', 'en'])
    .optional()
    .describe("Language of headers and values; the reader's own by default"),
});

/**
 * The same export asked for in a JSON body, for filters too long for an address: a selection of
 * records is `{"or": [{"field": "id", "op": "in", "value": [up to 200 ids]}, …]}`, up to 20,000 ids.
 */
const exportBody = exportQuery.extend({
  filter: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The list filter (docs/filters.md), as a JSON object'),
});

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Streams an export as CSV: BOM, header, one line per record. */
function csvStream(prepared: PreparedExport): Readable {
  async function* lines() {
    yield UTF8_BOM + csvLine(prepared.header);
    for await (const row of prepared.rows) yield csvLine(row);
  }
  return Readable.from(lines());
}

/** Streams an export as XLSX through exceljs' streaming writer: each row is written out and let go. */
function xlsxStream(prepared: PreparedExport, sheetName: string, onError: (err: unknown) => void): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName);
  (async () => {
    sheet.addRow(prepared.header).commit();
    for await (const row of prepared.rows) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((err) => {
    onError(err);
    out.destroy(err as Error);
  });
  return out;
}

/**
 * `GET /contacts/export` and `GET /companies/export` (and `POST` with the same parameters in a body):
 * the filtered list as a streamed CSV or XLSX file.
 */
export function registerExportRoutes(app: App, platform: Platform): void {
  for (const [path, objectType, sheet] of [
    ['/contacts/export', 'contact', '联系人 Contacts'],
    ['/companies/export', 'company', '公司 Companies'],
  ] as const) {
    const summary = `Export ${objectType === 'contact' ? 'contacts' : 'companies'} (CSV or XLSX, streamed)`;
    const description =
      "Only rows in the reader's scope, only for roles with the export right. Headers in the reader's language.";
    const send = async (
      req: FastifyRequest,
      reply: FastifyReply,
      { format, columns, ...rest }: z.infer<typeof exportQuery>,
    ) => {
      const actor = await authorize(platform, req, { action: 'export', objectType });
      const prepared = await prepareExport(
        platform,
        actor,
        { requestId: String(req.id), ip: req.ip },
        objectType as CustomerObject,
        {
          ...rest,
          columns: columns
            ?.split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        },
        format,
      );
      const stamp = new Date().toISOString().slice(0, 10);
      const body =
        format === 'csv'
          ? csvStream(prepared)
          : xlsxStream(prepared, sheet, (err) => req.log.error({ err }, 'xlsx export failed'));
      return reply
        .header('content-type', MIME[format])
        .header('content-disposition', `attachment; filename="${objectType}s-${stamp}.${format}"`)
        .header('cache-control', 'no-store')
        .send(body as unknown as string);
    };
    app.get(
      path,
      {
        schema: {
          tags: ['export'],
          summary,
          description,
          querystring: exportQuery,
          response: { 200: z.string().describe('the file'), ...problemResponses(400, 401, 403) },
        },
      },
      (req, reply) => send(req, reply, req.query),
    );
    app.post(
      path,
      {
        schema: {
          tags: ['export'],
          summary: `${summary}, filter in the body`,
          description: `${description} Takes the query parameters as a JSON body, the filter as an object: for long filters such as a selection of records by id.`,
          body: exportBody,
          response: { 200: z.string().describe('the file'), ...problemResponses(400, 401, 403) },
        },
      },
      (req, reply) =>
        send(req, reply, {
          ...req.body,
          filter: req.body.filter === undefined ? undefined : JSON.stringify(req.body.filter),
        }),
    );
  }
}
