import { z } from 'zod';
import type { App } from '../../app';
import { etagOf, expectedVersion } from '../../platform/http/etag';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  createViewBody,
  listViewsQuery,
  updateViewBody,
  viewIdParams,
  viewListResponse,
  viewResponse,
} from './views.schemas';
import * as service from './views.service';

const tags = ['views'];
// Keeping a personal view is reading; what a role may share or change is checked in the service.
const read = { action: 'read' as const, objectType: 'saved_view' };

/** `/views`: saved list views (filter, sort, columns), personal or shared. */
export function registerViewRoutes(app: App, platform: Platform): void {
  app.get(
    '/views',
    {
      schema: {
        tags,
        summary: 'Saved views of an object: yours and the shared ones',
        querystring: listViewsQuery,
        response: { 200: viewListResponse, ...problemResponses(400, 401) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => ({
        status: 200,
        body: await service.listViews(ctx, req.query.objectType),
      })),
  );

  app.post(
    '/views',
    {
      schema: {
        tags,
        summary: 'Save a view',
        description: "The filter and sort are checked against the object's fields (GET /metadata).",
        body: createViewBody,
        response: { 201: viewResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => {
        const view = await service.createView(ctx, req.body);
        return {
          status: 201,
          body: view,
          headers: { etag: etagOf(view.version), location: `/api/v1/views/${view.id}` },
        };
      }),
  );

  app.get(
    '/views/:id',
    {
      schema: {
        tags,
        summary: 'Get a saved view',
        params: viewIdParams,
        response: { 200: viewResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => {
        const view = await service.getView(ctx, req.params.id);
        return { status: 200, body: view, headers: { etag: etagOf(view.version) } };
      }),
  );

  app.patch(
    '/views/:id',
    {
      schema: {
        tags,
        summary: 'Change a saved view (owner; admins for shared views)',
        params: viewIdParams,
        body: updateViewBody,
        response: { 200: viewResponse, ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => {
        const view = await service.updateView(ctx, req.params.id, req.body, expectedVersion(req));
        return { status: 200, body: view, headers: { etag: etagOf(view.version) } };
      }),
  );

  app.delete(
    '/views/:id',
    {
      schema: {
        tags,
        summary: 'Delete a saved view (owner; admins for shared views)',
        params: viewIdParams,
        response: { 204: z.null(), ...problemResponses(400, 401, 403, 404, 412) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => {
        await service.deleteView(ctx, req.params.id, expectedVersion(req));
        return { status: 204 };
      }),
  );
}
