import { z } from 'zod';
import { CUSTOMER_OBJECTS } from './custom-field-values';

export const viewIdParams = z.strictObject({ id: z.uuid({ error: 'Not a view id' }) });

/** Who sees a view: its owner only, or everyone in the workspace. */
export const VIEW_VISIBILITIES = ['personal', 'shared'] as const;

const name = z.string().trim().min(1).max(100);
const filter = z
  .unknown()
  .refine((v) => typeof v === 'object', {
    error: 'Expected a filter object ({"and": [...]} or a condition) or null',
  })
  .describe("Filter tree (docs/filters.md), checked against the object's fields on save");
const sort = z.string().trim().max(300).describe('e.g. `-createdAt,name`');
const columns = z.array(z.string().max(63)).max(50).describe('Field keys shown as list columns, in order');

/** Body of `POST /views`. */
export const createViewBody = z.strictObject({
  objectType: z.enum(CUSTOMER_OBJECTS),
  name,
  visibility: z.enum(VIEW_VISIBILITIES).default('personal'),
  filter: filter.nullish(),
  sort: sort.nullish(),
  columns: columns.nullish(),
});
export type CreateViewInput = z.infer<typeof createViewBody>;

/** Body of `PATCH /views/:id`. */
export const updateViewBody = z
  .strictObject({
    name: name.optional(),
    visibility: z.enum(VIEW_VISIBILITIES).optional(),
    filter: filter.nullish(),
    sort: sort.nullish(),
    columns: columns.nullish(),
  })
  .refine((b) => Object.keys(b).length > 0, { error: 'Send at least one field to change' });
export type UpdateViewInput = z.infer<typeof updateViewBody>;

export const listViewsQuery = z.strictObject({ objectType: z.enum(CUSTOMER_OBJECTS) });

/** A saved view as the API returns it, with what the reader may do with it. */
export const viewResponse = z.object({
  id: z.uuid(),
  objectType: z.string(),
  name: z.string(),
  visibility: z.enum(VIEW_VISIBILITIES),
  ownerId: z.uuid(),
  filter: z.unknown().nullable(),
  sort: z.string().nullable(),
  columns: z.array(z.string()).nullable(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ViewResponse = z.infer<typeof viewResponse>;

export const viewListResponse = z.object({ data: z.array(viewResponse) });
