import { z } from 'zod';
import type { App } from '../../app';
import { etagOf, expectedVersion } from '../../platform/http/etag';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  companyContactsQuery,
  companyContactsResponse,
  companyIdParams,
  companyListResponse,
  companyResponse,
  createCompanyBody,
  listCompaniesQuery,
  updateCompanyBody,
} from './companies.schemas';
import * as service from './companies.service';

const tags = ['companies'];
const objectType = 'company';

/** `/companies`: CRUD with soft delete, filtered lists, and the contacts of a company. */
export function registerCompanyRoutes(app: App, platform: Platform): void {
  app.get(
    '/companies',
    {
      schema: {
        tags,
        summary: 'List companies (filter, sort, search, cursor-paginated)',
        description: 'See docs/filters.md for the filter language; fields are listed by GET /metadata.',
        querystring: listCompaniesQuery,
        response: { 200: companyListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
        status: 200,
        body: await service.listCompanies(ctx, req.query),
      })),
  );

  app.post(
    '/companies',
    {
      schema: {
        tags,
        summary: 'Create a company',
        description: 'Send `Idempotency-Key` to make retries safe.',
        headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
        body: createCompanyBody,
        response: { 201: companyResponse, ...problemResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'create', objectType }, async (ctx) => {
        const company = await service.createCompany(ctx, req.body);
        return {
          status: 201,
          body: company,
          headers: { etag: etagOf(company.version), location: `/api/v1/companies/${company.id}` },
        };
      }),
  );

  app.get(
    '/companies/:id',
    {
      schema: {
        tags,
        summary: 'Get a company',
        params: companyIdParams,
        response: { 200: companyResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => {
        const company = await service.getCompany(ctx, req.params.id);
        return { status: 200, body: company, headers: { etag: etagOf(company.version) } };
      }),
  );

  app.get(
    '/companies/:id/contacts',
    {
      schema: {
        tags,
        summary: 'The contacts of a company, with their role',
        params: companyIdParams,
        querystring: companyContactsQuery,
        response: { 200: companyContactsResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
        status: 200,
        body: await service.listCompanyContacts(ctx, req.params.id, req.query),
      })),
  );

  app.patch(
    '/companies/:id',
    {
      schema: {
        tags,
        summary: 'Change a company',
        description:
          'Send `If-Match` with the ETag you read; a stale version answers 412 with the current record. ' +
          'A new name is carried to the contacts whose primary company this is.',
        params: companyIdParams,
        body: updateCompanyBody,
        response: { 200: companyResponse, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'update', objectType }, async (ctx) => {
        const company = await service.updateCompany(ctx, req.params.id, req.body, expectedVersion(req));
        return { status: 200, body: company, headers: { etag: etagOf(company.version) } };
      }),
  );

  app.delete(
    '/companies/:id',
    {
      schema: {
        tags,
        summary: 'Delete a company (restorable)',
        params: companyIdParams,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'delete', objectType }, async (ctx) => {
        await service.deleteCompany(ctx, req.params.id, expectedVersion(req));
        return { status: 204 };
      }),
  );

  app.post(
    '/companies/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a deleted company',
        params: companyIdParams,
        response: { 200: companyResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'update', objectType }, async (ctx) => {
        const company = await service.restoreCompany(ctx, req.params.id);
        return { status: 200, body: company, headers: { etag: etagOf(company.version) } };
      }),
  );
}
