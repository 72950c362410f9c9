import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../app';
import { problemSchema } from './openapi';
import type { Platform } from './platform';

export function registerHealthRoutes(app: App, platform: Platform): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }),
          503: problemSchema,
        },
      },
    },
    async (_req, reply) => {
      try {
        await platform.db.tx({}, (tx) => tx.execute(sql`select 1`));
        return { status: 'ready' as const, database: platform.db.kind };
      } catch (err) {
        platform.log.warn({ err }, 'readiness check failed');
        return reply.status(503).type('application/problem+json').send({
          type: 'about:blank',
          title: 'Service Unavailable',
          status: 503,
          code: 'not_ready',
          detail: 'The database does not answer',
        });
      }
    },
  );
}
