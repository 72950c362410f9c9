import { Readable } from 'node:stream';
import { z } from 'zod';
import type { App } from '../../app';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  clusterListResponse,
  clusterParams,
  jobParams,
  jobResponse,
  listDuplicatesQuery,
  scanBody,
  scanResponse,
} from './duplicate-clusters.schemas';
import * as clusters from './duplicate-clusters.service';
import { duplicateScanJob } from './duplicates.scan';
import * as jobService from './job-progress.service';
import { mergeBody, mergeResponse } from './merge.schemas';
import * as merge from './merge.service';
import {
  companyOverviewResponse,
  contactOverviewResponse,
  overviewParams,
  overviewQuery,
  timelineResponse,
} from './overview.schemas';
import * as overview from './overview.service';
import { searchQuery, searchResponse } from './search.schemas';
import { searchCustomers } from './search.service';

/** How often the event stream of a job re-reads its progress. */
const JOB_POLL_MS = 500;

/**
 * Routes of "find and consolidate customers": global search, 360° overviews and timelines,
 * duplicate scan/review, merge, and background job progress.
 */
export function registerCustomerSearchRoutes(app: App, platform: Platform): void {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Find contacts and companies by any fragment',
        description:
          'Name, full pinyin or initials ("zhangsan", "zs" → 张三), a Han character, 4+ consecutive phone digits, ' +
          'part of an e-mail or company. Ranked exact > prefix > fragment; only records you may see.',
        querystring: searchQuery,
        response: { 200: searchResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType: 'contact' }, async (ctx) => ({
        status: 200,
        body: { data: await searchCustomers(ctx.tx, ctx.actor, req.query) },
      })),
  );

  for (const [objects, objectType] of [
    ['contacts', 'contact'],
    ['companies', 'company'],
  ] as const) {
    app.get(
      `/${objects}/:id/overview`,
      {
        schema: {
          tags: [objects],
          summary: `360° view of a ${objectType}: profile, linked records, timeline`,
          params: overviewParams,
          querystring: overviewQuery,
          response: {
            200: objectType === 'contact' ? contactOverviewResponse : companyOverviewResponse,
            ...problemResponses(400, 401, 404),
          },
        },
      },
      (req, reply) =>
        perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
          status: 200,
          body:
            objectType === 'contact'
              ? await overview.contactOverview(ctx, req.params.id, req.query)
              : await overview.companyOverview(ctx, req.params.id, req.query),
        })),
    );

    app.get(
      `/${objects}/:id/timeline`,
      {
        schema: {
          tags: [objects],
          summary: `Timeline of a ${objectType}, newest first (cursor-paginated)`,
          params: overviewParams,
          querystring: overviewQuery,
          response: { 200: timelineResponse, ...problemResponses(400, 401, 404) },
        },
      },
      (req, reply) =>
        perform(platform, req, reply, { action: 'read', objectType }, async (ctx) => ({
          status: 200,
          body: await overview.recordTimeline(ctx, { objectType, id: req.params.id }, req.query),
        })),
    );

    app.post(
      `/${objects}/merge`,
      {
        schema: {
          tags: [objects],
          summary: `Merge ${objects} into one`,
          description:
            'The survivor takes the chosen value of each field (`fields: {name: <record id>}`); phones, e-mails and tags ' +
            'are unioned; links move to the survivor; merged records are soft-deleted with `mergedInto` and restorable. ' +
            'Send `versions: {id: version}` to refuse the merge (412) when any record changed meanwhile.',
          body: mergeBody,
          response: { 200: mergeResponse, ...problemResponses(400, 401, 403, 404, 409, 412) },
        },
      },
      (req, reply) =>
        perform(platform, req, reply, { action: 'delete', objectType }, async (ctx) => ({
          status: 200,
          body:
            objectType === 'contact'
              ? await merge.mergeContacts(ctx, req.body)
              : await merge.mergeCompanies(ctx, req.body),
        })),
    );
  }

  app.post(
    '/duplicates/scan',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Scan the whole workspace for duplicate clusters (background job)',
        body: scanBody,
        response: { 202: scanResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (req, reply) => {
      let started: { tenantId: string; jobId: string } | undefined;
      const sent = await perform(
        platform,
        req,
        reply,
        { action: 'update', objectType: req.body.objectType },
        async (ctx) => {
          const { jobId, fresh } = await clusters.requestDuplicateScan(ctx, req.body.objectType);
          if (fresh) started = { tenantId: ctx.actor.tenantId, jobId };
          return { status: 202, body: { jobId }, headers: { location: `/api/v1/jobs/${jobId}` } };
        },
      );
      // After commit, so the progress row is visible to whichever worker node takes the job.
      if (started) {
        const { tenantId, jobId } = started;
        await platform.jobs.send(
          duplicateScanJob.name,
          { tenantId, jobId, objectType: req.body.objectType },
          { singletonKey: jobId },
        );
      }
      return sent;
    },
  );

  app.get(
    '/duplicates',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Duplicate clusters found by the last scan, highest score first',
        querystring: listDuplicatesQuery,
        response: { 200: clusterListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read', objectType: req.query.objectType }, async (ctx) => ({
        status: 200,
        body: await clusters.listDuplicateClusters(ctx.tx, ctx.actor, req.query),
      })),
  );

  app.post(
    '/duplicates/:id/dismiss',
    {
      schema: {
        tags: ['duplicates'],
        summary: 'Mark a cluster as not duplicates (later scans keep it dismissed)',
        params: clusterParams,
        response: {
          200: z.object({ id: z.uuid(), status: z.string() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'update' }, async (ctx) => ({
        status: 200,
        body: await clusters.dismissCluster(ctx, req.params.id),
      })),
  );

  app.get(
    '/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Progress of a background job',
        params: jobParams,
        response: { 200: jobResponse, ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 200,
        body: await jobService.getJob(ctx.tx, ctx.actor, req.params.id),
      })),
  );

  app.get(
    '/jobs/:id/events',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Progress of a background job as server-sent events (`progress` events until it ends)',
        params: jobParams,
        response: { 200: z.string().describe('text/event-stream'), ...problemResponses(400, 401, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => {
        const first = await jobService.getJob(ctx.tx, ctx.actor, req.params.id);
        const tenantId = ctx.actor.tenantId;
        const actor = ctx.actor;
        async function* events() {
          let job = first;
          let last = '';
          for (;;) {
            const line = JSON.stringify(job);
            if (line !== last) yield `event: progress\nid: ${job.done}\ndata: ${line}\n\n`;
            last = line;
            if (jobService.isFinished(job)) return;
            await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
            job = await platform.db.tx({ tenantId }, (tx) => jobService.getJob(tx, actor, first.id));
          }
        }
        return {
          status: 200,
          body: Readable.from(events()),
          headers: {
            'content-type': 'text/event-stream; charset=utf-8',
            'cache-control': 'no-cache',
            'x-accel-buffering': 'no',
          },
        };
      }),
  );
}
