import { z } from 'zod';
import { OPERATORS } from './operators';

/** A value in a condition; which shape is allowed depends on the operator (docs/filters.md). */
export type FilterValue = string | number | boolean | null | Array<string | number>;

/** `{field, op, value}`: one test on one field of a record. */
export interface FilterCondition {
  field: string;
  op: (typeof OPERATORS)[number];
  value?: FilterValue;
}

/** A filter: a condition, or an `and` / `or` group of filters. */
export type FilterNode = FilterCondition | { and: FilterNode[] } | { or: FilterNode[] };

const filterValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string(), z.number()])),
]);

export const filterConditionSchema = z
  .object({
    field: z.string().describe('Field key, e.g. `name` or a custom field key'),
    op: z.enum(OPERATORS).describe('Operator; which ones a field accepts depends on its type'),
    value: filterValueSchema.optional().describe('Operand; its shape depends on the operator'),
  })
  .strict();

/**
 * Structural schema of a filter tree, for OpenAPI and typing. It does not know the fields of an
 * object: use `validateFilter` (shared) or `compileFilter` (server) to check a filter against them.
 */
export const filterNodeSchema: z.ZodType<FilterNode> = z.lazy(() =>
  z.union([
    z.object({ and: z.array(filterNodeSchema) }).strict(),
    z.object({ or: z.array(filterNodeSchema) }).strict(),
    filterConditionSchema,
  ]),
);

export const sortKeySchema = z
  .object({
    field: z.string().describe('Field key to sort by'),
    dir: z.enum(['asc', 'desc']).describe('Ascending or descending; empty values always come last'),
  })
  .strict();

export type SortKey = z.infer<typeof sortKeySchema>;
/** Sort keys in priority order; the record id is always appended as a tie-breaker. */
export type SortSpec = SortKey[];

export const sortSpecSchema = z.array(sortKeySchema);
