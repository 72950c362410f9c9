import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import type { App } from '../../../app';
import { AppError } from '../../../platform/http/errors';
import { problemResponses } from '../../../platform/http/openapi';
import type { Platform } from '../../../platform/http/platform';
import { authorize, perform, runAs } from '../../../platform/http/request-context';
import { csvLine, UTF8_BOM } from '../export.csv';
import {
  dryRunResponse,
  importBatchResponse,
  importDetailResponse,
  importIdParams,
  importListResponse,
  importOptionsBody,
  listImportsQuery,
  undoResponse,
  uploadResponse,
} from './imports.schemas';
import * as service from './imports.service';
import { MAX_IMPORT_BYTES } from './upload-store';

const tags = ['imports'];
const objectType = 'contact';
/** How often the event stream looks at the durable progress. */
const SSE_POLL_MS = 250;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const SSE_HEARTBEAT_MS = 15_000;

/** The upload form, for the OpenAPI description (the handler streams the part itself). */
const uploadBody = z.object({ file: z.unknown().describe('The .csv, .tsv, .txt or .xlsx file (binary)') });

/**
 * Contact import: upload a CSV/XLSX, check it with a dry run, run it as a background job, follow
 * its progress (polling or server-sent events), download rejected rows, undo it.
 */
export function registerImportRoutes(app: App, platform: Platform): void {
  // Encapsulated: multipart parsing exists for these routes only; every other route stays JSON-only.
  app.register(async (scope: App) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 },
    });
    registerRoutes(scope, platform);
  });
}

function origin(req: { id: unknown; ip: string }) {
  return { requestId: String(req.id), ip: req.ip };
}

function registerRoutes(app: App, platform: Platform): void {
  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file of contacts',
        description:
          'multipart/form-data with one `file` part (.csv, .tsv, .txt or .xlsx, up to 200 MB; CSV in UTF-8, UTF-8 with BOM or GB18030). ' +
          'Answers the detected columns, a proposed mapping (Chinese and English header names) and the first rows.',
        consumes: ['multipart/form-data'],
        body: uploadBody,
        response: { 201: uploadResponse, ...problemResponses(400, 401, 403, 413, 415) },
      },
      // The file is streamed by the handler, never parsed into a body: the schema documents it only.
      validatorCompiler: () => (value: unknown) => ({ value }),
    },
    async (req, reply) => {
      const actor = await authorize(platform, req, { action: 'create', objectType });
      if (!req.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          'Send the file as multipart/form-data with a `file` part',
        );
      const part = await req.file();
      if (part?.fieldname !== 'file') {
        part?.file.resume();
        throw new AppError('bad_request', 'Send the file in a part named `file`');
      }
      try {
        const body = await service.receiveUpload(platform, actor, origin(req), {
          filename: part.filename,
          stream: part.file,
        });
        if (part.file.truncated) throw tooLarge();
        return reply.status(201).header('location', `/api/v1/imports/${body.id}`).send(body);
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || part.file.truncated)
          throw tooLarge();
        throw err;
      }
    },
  );

  app.get(
    '/imports',
    {
      schema: {
        tags,
        summary: 'List imports, newest first',
        querystring: listImportsQuery,
        response: { 200: importListResponse, ...problemResponses(400, 401) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
        status: 200,
        body: await service.listImports(ctx, req.query),
      })),
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import and its progress',
        params: importIdParams,
        response: { 200: importDetailResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
        status: 200,
        body: await service.getImport(ctx, req.params.id),
      })),
  );

  app.post(
    '/imports/:id/dry-run',
    {
      schema: {
        tags,
        summary: 'Check the whole file without importing',
        description:
          'Validates every row as the import will; answers the first rows normalized and every error with its row number.',
        params: importIdParams,
        body: importOptionsBody,
        response: { 200: dryRunResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = await authorize(platform, req, { action: 'create', objectType });
      return reply.send(await service.dryRun(platform, actor, origin(req), req.params.id, req.body));
    },
  );

  app.post(
    '/imports/:id/run',
    {
      schema: {
        tags,
        summary: 'Run the import as a background job',
        description: 'Answers 202 at once; follow `GET /imports/:id` or `GET /imports/:id/events`.',
        params: importIdParams,
        body: importOptionsBody,
        response: { 202: importBatchResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const actor = await authorize(platform, req, { action: 'create', objectType });
      const batch = await service.startImport(platform, actor, origin(req), req.params.id, req.body);
      return reply.status(202).header('location', `/api/v1/imports/${batch.id}`).send(batch);
    },
  );

  app.get(
    '/imports/:id/events',
    {
      schema: {
        tags,
        summary: 'Progress as server-sent events',
        description:
          '`text/event-stream`: a `progress` event whenever the progress changes, then `done` with the final state; the stream then ends.',
        params: importIdParams,
        response: { 200: z.string().describe('text/event-stream'), ...problemResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const actor = await authorize(platform, req, { action: 'read', objectType });
      const id = req.params.id;
      const read = () => runAs(platform, actor, origin(req), (ctx) => service.importProgress(ctx, id));
      const first = await read(); // 404 before the stream starts
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(req.id),
      });
      let closed = false;
      req.raw.on('close', () => {
        closed = true;
      });
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      let last = '';
      let lastWrite = Date.now();
      let current = first;
      try {
        while (!closed) {
          const key = JSON.stringify(current);
          if (key !== last) {
            send('progress', current);
            last = key;
            lastWrite = Date.now();
          }
          if (service.isSettled(current.status) && current.status !== 'uploaded') {
            send('done', current);
            break;
          }
          if (Date.now() - lastWrite > SSE_HEARTBEAT_MS) {
            res.write(': keep-alive\n\n');
            lastWrite = Date.now();
          }
          await new Promise((resolve) => setTimeout(resolve, SSE_POLL_MS));
          current = await read();
        }
      } catch (err) {
        req.log.error({ err }, 'import event stream failed');
        send('error', { message: 'The progress stream failed; poll GET /imports/:id instead' });
      }
      res.end();
    },
  );

  app.get(
    '/imports/:id/rejections.csv',
    {
      schema: {
        tags,
        summary: 'Rejected rows with their reasons (CSV, UTF-8 with BOM)',
        params: importIdParams,
        response: { 200: z.string().describe('text/csv'), ...problemResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const actor = await authorize(platform, req, { action: 'read', objectType });
      const rows = service.rejectionRows(platform, actor, origin(req), req.params.id);
      const first = await rows.next(); // 404 before any byte is sent
      async function* lines() {
        yield UTF8_BOM;
        if (!first.done) yield csvLine(first.value);
        for await (const row of rows) yield csvLine(row);
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${req.params.id}-rejections.csv"`)
        .send(Readable.from(lines()) as unknown as string);
    },
  );

  app.post(
    '/imports/:id/undo',
    {
      schema: {
        tags,
        summary: 'Undo an import',
        description: 'Deletes (restorably) the contacts it created and reverts the ones it updated; audited.',
        params: importIdParams,
        response: { 200: undoResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'delete', objectType }, async (ctx) => ({
        status: 200,
        body: await service.undoImport(ctx, req.params.id),
      })),
  );
}

function tooLarge(): AppError {
  return new AppError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
}
