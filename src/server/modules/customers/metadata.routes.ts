import type { App } from '../../app';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import { metadataResponse, regionsQuery, regionsResponse } from './metadata.schemas';
import * as service from './metadata.service';

/** `/metadata` (objects and fields for the web app) and `/regions` (the address picker). */
export function registerMetadataRoutes(app: App, platform: Platform): void {
  app.get(
    '/metadata',
    {
      schema: {
        tags: ['metadata'],
        summary: 'Objects and their fields: types, labels, options, filter operators',
        response: { 200: metadataResponse, ...problemResponses(401) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 200,
        body: await service.getMetadata(ctx),
      })),
  );

  app.get(
    '/regions',
    {
      schema: {
        tags: ['metadata'],
        summary: 'Provinces, or the cities / districts of a GB/T 2260 code',
        querystring: regionsQuery,
        response: { 200: regionsResponse, ...problemResponses(400, 401) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async () => ({
        status: 200,
        body: service.listRegions(req.query.parent),
        headers: { 'cache-control': 'private, max-age=86400' },
      })),
  );
}
