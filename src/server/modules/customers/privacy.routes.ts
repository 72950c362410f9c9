import { z } from 'zod';
import type { App } from '../../app';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import { contactIdParams, contactResponse } from './contacts.schemas';
import * as service from './privacy.service';

const tags = ['personal data'];
const objectType = 'contact';

const personalDataResponse = z.object({
  generatedAt: z.string(),
  subject: z.object({ objectType: z.string(), id: z.uuid() }),
  record: contactResponse,
  companies: z.array(
    z.object({ companyId: z.uuid(), name: z.string(), role: z.string().nullable(), isPrimary: z.boolean() }),
  ),
  mergedRecords: z.array(z.object({ id: z.uuid(), name: z.string() })),
  auditHistory: z.array(
    z.object({
      occurredAt: z.string(),
      action: z.string(),
      actorId: z.string().nullable(),
      actorType: z.string(),
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
  imports: z.array(
    z.object({
      id: z.uuid(),
      filename: z.string(),
      status: z.string(),
      createdBy: z.uuid(),
      createdAt: z.string(),
    }),
  ),
});

/** One person's data: access (export everything held) and erasure (anonymize), PIPL / GDPR. */
export function registerPrivacyRoutes(app: App, platform: Platform): void {
  app.get(
    '/contacts/:id/personal-data',
    {
      schema: {
        tags,
        summary: 'Everything held about a person (JSON)',
        description:
          'The record, its links, its audit history and the imports that touched it. Needs the export right; audited.',
        params: contactIdParams,
        response: { 200: personalDataResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'export', objectType }, async (ctx) => ({
        status: 200,
        body: await service.personalData(ctx, req.params.id),
        headers: {
          'content-disposition': `attachment; filename="personal-data-${req.params.id}.json"`,
          'cache-control': 'no-store',
        },
      })),
  );

  app.post(
    '/contacts/:id/erase',
    {
      schema: {
        tags,
        summary: 'Erase (anonymize) a person — irreversible',
        description:
          'Clears name, phones, e-mails, addresses, notes, custom values and search data, also from the audit history. ' +
          'The audit log keeps that the erasure happened, not the values. Admins only.',
        params: contactIdParams,
        response: { 200: contactResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'admin', objectType }, async (ctx) => ({
        status: 200,
        body: await service.eraseContact(ctx, req.params.id),
      })),
  );
}
