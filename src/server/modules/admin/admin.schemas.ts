import { z } from 'zod';
import { roleSchema } from '../../platform/auth/auth.schemas';

export const idParams = z.strictObject({ id: z.uuid({ error: 'Not an id' }) });

export const workspaceResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  defaultRegion: z.string(),
  defaultLocale: z.string(),
  defaultCurrency: z.string(),
  version: z.number().int(),
});
export const updateWorkspaceBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'A two-letter country code such as CN' })
    .optional(),
  defaultLocale: z.enum(['zh-CN', 'en']).optional(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'A three-letter currency code such as CNY' })
    .optional(),
});

export const memberResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  teamId: z.uuid().nullable(),
  status: z.string(),
  createdAt: z.string(),
});
export const updateMemberBody = z.strictObject({
  role: roleSchema.optional(),
  teamId: z.uuid().nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const invitationResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  role: roleSchema,
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const createInvitationBody = z.strictObject({
  email: z.email({ error: 'Enter a valid e-mail address' }).transform((s) => s.trim().toLowerCase()),
  role: roleSchema.default('member'),
});
export const createdInvitationResponse = invitationResponse.extend({
  /** The link to send; also e-mailed (or logged when no SMTP is configured). */
  inviteUrl: z.string(),
});

export const teamResponse = z.object({ id: z.uuid(), name: z.string(), parentId: z.uuid().nullable() });
export const createTeamBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  parentId: z.uuid().nullable().optional(),
});
export const updateTeamBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  parentId: z.uuid().nullable().optional(),
});

export const apiKeyResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createApiKeyBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const createdApiKeyResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  key: z.string(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

export const workspaceStatsResponse = z.object({
  objects: z.array(
    z.object({
      objectType: z.string(),
      created: z.number().int(),
      deleted: z.number().int(),
      total: z.number().int(),
    }),
  ),
});
