import { z } from 'zod';

/** Most records merged into one survivor in one call. */
export const MAX_MERGED = 20;

export const mergeBody = z
  .strictObject({
    /** The record that stays. */
    survivorId: z.uuid(),
    /** Records absorbed into the survivor: soft-deleted with `mergedInto`, restorable. */
    mergedIds: z.array(z.uuid()).min(1, { error: 'Name at least one record to merge' }).max(MAX_MERGED),
    /**
     * Field by field, the id of the record whose value wins (`name`, `title`, `custom.<key>`…).
     * Unnamed fields keep the survivor's value, or the first merged record's when the survivor has
     * none. `phones`, `emails` and `tags` are the union of all records unless named here.
     */
    fields: z.record(z.string().max(100), z.uuid()).optional(),
    /** Expected versions (`{id: version}`), like If-Match: a changed record answers 412. */
    versions: z.record(z.uuid(), z.number().int().min(1)).optional(),
  })
  .refine((b) => !b.mergedIds.includes(b.survivorId), {
    error: 'The survivor cannot also be merged',
    path: ['mergedIds'],
  })
  .refine((b) => new Set(b.mergedIds).size === b.mergedIds.length, {
    error: 'A record is listed twice',
    path: ['mergedIds'],
  });
export type MergeInput = z.infer<typeof mergeBody>;

export const mergeResponse = z.object({
  /** The survivor after the merge, as `GET /<objects>/:id` returns it. */
  survivor: z.record(z.string(), z.unknown()),
  mergedIds: z.array(z.uuid()),
  /** Contact–company links moved to the survivor (duplicates dropped). */
  relinked: z.number().int(),
});
