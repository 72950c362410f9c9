import { z } from 'zod';
import type { App } from '../../app';
import { etagOf, expectedVersion } from '../../platform/http/etag';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  contactIdParams,
  contactListResponse,
  contactResponse,
  createContactBody,
  listContactsQuery,
  updateContactBody,
} from './contacts.schemas';
import * as service from './contacts.service';

/** `?onDuplicate=block` refuses a write that looks like an existing contact (409 with `candidates`). */
const writeQuery = z.strictObject({ onDuplicate: z.enum(['warn', 'block']).default('warn') });

/** A written contact, with the existing contacts it looks like (empty when none). */
const contactWriteResponse = contactResponse.extend({
  duplicates: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      reasons: z.array(z.enum(['same_phone', 'same_email', 'similar_name_company'])),
      score: z.number().int(),
    }),
  ),
});

const tags = ['contacts'];
const objectType = 'contact';

export function registerContactRoutes(app: App, platform: Platform): void {
  app.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts (filter, sort, search, cursor-paginated)',
        description: 'See docs/filters.md for the filter language; fields are listed by GET /metadata.',
        querystring: listContactsQuery,
        response: { 200: contactListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
        status: 200,
        body: await service.listContacts(ctx, req.query),
      })),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        description: 'Send `Idempotency-Key` to make retries safe.',
        headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
        querystring: writeQuery,
        body: createContactBody,
        response: { 201: contactWriteResponse, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    (req, reply) =>
      // Key lookups and inserts only (the duplicate lookup plans for its values anyway): no replanning.
      perform(platform, req, reply, { action: 'create', objectType, plans: 'auto' }, async (ctx) => {
        const contact = await service.createContact(ctx, req.body, req.query.onDuplicate);
        return {
          status: 201,
          body: contact,
          headers: { etag: etagOf(contact.version), location: `/api/v1/contacts/${contact.id}` },
        };
      }),
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Get a contact',
        params: contactIdParams,
        response: { 200: contactResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => {
        const contact = await service.getContact(ctx, req.params.id);
        return { status: 200, body: contact, headers: { etag: etagOf(contact.version) } };
      }),
  );

  app.patch(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Change a contact',
        description:
          'Send `If-Match` with the ETag you read; a stale version answers 412 with the current record.',
        params: contactIdParams,
        querystring: writeQuery,
        body: updateContactBody,
        response: { 200: contactWriteResponse, ...problemResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'update', objectType }, async (ctx) => {
        const contact = await service.updateContact(
          ctx,
          req.params.id,
          req.body,
          expectedVersion(req),
          req.query.onDuplicate,
        );
        return { status: 200, body: contact, headers: { etag: etagOf(contact.version) } };
      }),
  );

  app.delete(
    '/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a contact (restorable)',
        params: contactIdParams,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'delete', objectType }, async (ctx) => {
        await service.deleteContact(ctx, req.params.id, expectedVersion(req));
        return { status: 204 };
      }),
  );

  app.post(
    '/contacts/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a deleted contact',
        params: contactIdParams,
        response: { 200: contactResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'update', objectType }, async (ctx) => {
        const contact = await service.restoreContact(ctx, req.params.id);
        return { status: 200, body: contact, headers: { etag: etagOf(contact.version) } };
      }),
  );
}
