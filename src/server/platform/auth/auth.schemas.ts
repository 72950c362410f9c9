import { z } from 'zod';
import { ROLES } from '../access/roles';

export const localeSchema = z.enum(['zh-CN', 'en']);
const email = z
  .email({ error: 'Enter a valid e-mail address' })
  .max(254)
  .transform((s) => s.trim().toLowerCase());
const password = z.string().min(8, { error: 'Use at least 8 characters' }).max(200);

export const signupBody = z.strictObject({
  workspaceName: z.string().trim().min(1).max(120),
  name: z.string().trim().min(1).max(120),
  email,
  password,
  locale: localeSchema.optional(),
});

export const loginBody = z.strictObject({
  email,
  password: z.string().min(1).max(200),
  workspaceId: z.uuid().optional(),
});
export const switchWorkspaceBody = z.strictObject({ workspaceId: z.uuid() });
export const updateMeBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  locale: localeSchema.optional(),
});
export const acceptInvitationBody = z.strictObject({
  token: z.string().min(10).max(300),
  name: z.string().trim().min(1).max(120).optional(),
  password: password.optional(),
});
export const createWorkspaceBody = z.strictObject({ name: z.string().trim().min(1).max(120) });

export const roleSchema = z.enum(ROLES);

/** What the web app knows about the signed-in user. */
export const sessionResponse = z.object({
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string(), locale: localeSchema }),
  workspace: z.object({ id: z.uuid(), name: z.string() }),
  role: roleSchema,
  csrfToken: z.string(),
  workspaces: z.array(z.object({ id: z.uuid(), name: z.string(), role: roleSchema })),
});
export type SessionResponse = z.infer<typeof sessionResponse>;
