import { z } from 'zod';
import type { App } from '../../app';
import { etagOf, expectedVersion } from '../../platform/http/etag';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  createCustomFieldBody,
  customFieldIdParams,
  customFieldListResponse,
  customFieldResponse,
  listCustomFieldsQuery,
  updateCustomFieldBody,
} from './custom-fields.schemas';
import * as service from './custom-fields.service';

const tags = ['custom fields'];
const admin = { action: 'admin' as const, objectType: 'custom_field' };

/** `/custom-fields`: admins define the extra fields of contacts and companies (DESIGN §4.1). */
export function registerCustomFieldRoutes(app: App, platform: Platform): void {
  app.get(
    '/custom-fields',
    {
      schema: {
        tags,
        summary: 'List custom fields (admin)',
        querystring: listCustomFieldsQuery,
        response: { 200: customFieldListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: await service.listCustomFields(ctx, req.query),
      })),
  );

  app.post(
    '/custom-fields',
    {
      schema: {
        tags,
        summary: 'Define a custom field (admin)',
        description:
          'Adds a field without altering any table; values are validated on every write from now on.',
        body: createCustomFieldBody,
        response: { 201: customFieldResponse, ...problemResponses(400, 401, 403, 409) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        const field = await service.createCustomField(ctx, req.body);
        return {
          status: 201,
          body: field,
          headers: { etag: etagOf(field.version), location: `/api/v1/custom-fields/${field.id}` },
        };
      }),
  );

  app.patch(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Change a custom field (admin)',
        description: 'Labels, required, unique, options, position. Key and type never change.',
        params: customFieldIdParams,
        body: updateCustomFieldBody,
        response: { 200: customFieldResponse, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        const field = await service.updateCustomField(ctx, req.params.id, req.body, expectedVersion(req));
        return { status: 200, body: field, headers: { etag: etagOf(field.version) } };
      }),
  );

  app.delete(
    '/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Archive a custom field (admin)',
        description:
          'The field leaves forms, filters and metadata; stored values are kept and return on restore.',
        params: customFieldIdParams,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        await service.archiveCustomField(ctx, req.params.id, expectedVersion(req));
        return { status: 204 };
      }),
  );

  app.post(
    '/custom-fields/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore an archived custom field (admin)',
        params: customFieldIdParams,
        response: { 200: customFieldResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        const field = await service.restoreCustomField(ctx, req.params.id);
        return { status: 200, body: field, headers: { etag: etagOf(field.version) } };
      }),
  );
}
