import { z } from 'zod';

const objectType = z.enum(['contact', 'company'], { error: 'objectType is contact or company' });

export const scanBody = z.strictObject({ objectType });

export const scanResponse = z.object({
  /** Follow it at `GET /api/v1/jobs/:id` or `/api/v1/jobs/:id/events` (server-sent events). */
  jobId: z.uuid(),
});

export const listDuplicatesQuery = z.strictObject({
  objectType,
  status: z.enum(['open', 'dismissed', 'merged']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListDuplicatesInput = z.infer<typeof listDuplicatesQuery>;

export const clusterParams = z.strictObject({ id: z.uuid({ error: 'Not a duplicate cluster id' }) });

/** Key fields of one record of a cluster, enough to decide whether and how to merge. */
export const clusterRecord = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  companyName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  createdAt: z.string(),
});

/** A group of records that look like one customer. */
export const clusterResponse = z.object({
  id: z.uuid(),
  objectType: z.string(),
  /** same_phone, same_email, similar_name_company. */
  reasons: z.array(z.string()),
  /** 0–100, as in duplicate candidates. */
  score: z.number().int(),
  status: z.string(),
  /** The live records the reader may see (at least two). */
  records: z.array(clusterRecord),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const clusterListResponse = z.object({
  data: z.array(clusterResponse),
  nextCursor: z.string().nullable(),
});

export const jobParams = z.strictObject({ id: z.uuid({ error: 'Not a job id' }) });

export const jobResponse = z.object({
  id: z.uuid(),
  kind: z.string(),
  /** queued, running, done, failed, or stale (the process running it stopped; start it again). */
  status: z.string(),
  total: z.number().int().nullable(),
  done: z.number().int(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
