import { z } from 'zod';

export const overviewParams = z.strictObject({ id: z.uuid({ error: 'Not a record id' }) });

/** Paging of the timeline part of an overview. */
export const overviewQuery = z.strictObject({
  /** Timeline entries per page (newest first). */
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous timeline page. */
  cursor: z.string().max(500).optional(),
});
export type OverviewQuery = z.infer<typeof overviewQuery>;

/** A company or contact linked to the record. */
export const linkedRecord = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  isPrimary: z.boolean(),
});

/** One thing that happened to the customer. */
export const timelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  /** `audit` for changes; later `activities`, `deals`, `tickets`, `campaigns`. */
  source: z.string(),
  /** created, updated, deleted, restored, merged (absorbed other records), merged_into (was absorbed), erased. */
  kind: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const timelineResponse = z.object({ data: z.array(timelineEntry), nextCursor: z.string().nullable() });

export const contactOverviewResponse = z.object({
  /** The contact as `GET /contacts/:id` returns it. */
  profile: z.record(z.string(), z.unknown()),
  /** Set when the contact was merged into another: where to go instead. */
  mergedInto: z.uuid().nullable(),
  companies: z.array(linkedRecord),
  timeline: timelineResponse,
});

export const companyOverviewResponse = z.object({
  /** The company as `GET /companies/:id` returns it. */
  profile: z.record(z.string(), z.unknown()),
  /** Set when the company was merged into another. */
  mergedInto: z.uuid().nullable(),
  contacts: z.object({ data: z.array(linkedRecord), total: z.number().int() }),
  timeline: timelineResponse,
});
