import { z } from 'zod';

const option = z.object({ value: z.string(), labelZh: z.string(), labelEn: z.string() });

/** One field of an object, standard or custom, as forms, list columns and filter builders need it. */
export const fieldMetadataResponse = z.object({
  key: z.string().describe('Key in records, filters and sorts'),
  type: z.string().describe('Field type; decides the operators and the value format'),
  labelZh: z.string(),
  labelEn: z.string(),
  source: z.enum(['standard', 'custom']),
  required: z.boolean(),
  unique: z.boolean(),
  readOnly: z.boolean().describe('Set by the server; not accepted on writes'),
  options: z.array(option).nullable(),
  lookupTarget: z.string().nullable(),
  filterable: z.boolean(),
  sortable: z.boolean(),
  operators: z.array(z.string()).describe('Filter operators that fit the type'),
  customFieldId: z.uuid().nullable(),
});

/** `GET /metadata`: every object and its fields. */
export const metadataResponse = z.object({
  objects: z.array(
    z.object({
      objectType: z.string(),
      labelZh: z.string(),
      labelEn: z.string(),
      defaultSort: z.string(),
      fields: z.array(fieldMetadataResponse),
    }),
  ),
  filterLimits: z.record(z.string(), z.number()),
});

/** `GET /regions?parent=`: one level of the province → city → district picker. */
export const regionsQuery = z.strictObject({
  parent: z
    .string()
    .regex(/^\d{6}$/, { error: 'A six-digit GB/T 2260 code' })
    .optional()
    .describe('Code of a province or city; omitted for the provinces'),
});
export const regionsResponse = z.object({
  data: z.array(z.object({ code: z.string(), name: z.string(), hasChildren: z.boolean() })),
});
