import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/record-change';
import { invitations, memberships, users } from '../../platform/auth/schema';
import { formatApiKey, randomSecret, sha256 } from '../../platform/auth/secrets';
import { newId } from '../../platform/db/ids';
import { AppError, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import type { Mailer } from '../../platform/mail/mailer';

const INVITATION_DAYS = 7;

type InvitationRow = typeof invitations.$inferSelect;
const present = (r: InvitationRow) => ({
  id: r.id,
  email: r.email,
  role: r.role as 'member',
  expiresAt: r.expiresAt.toISOString(),
  acceptedAt: r.acceptedAt ? r.acceptedAt.toISOString() : null,
  createdAt: r.createdAt.toISOString(),
});

export async function listInvitations(ctx: RequestContext) {
  const rows = await ctx.tx
    .select()
    .from(invitations)
    .where(isNull(invitations.revokedAt))
    .orderBy(desc(invitations.createdAt));
  return rows.map(present);
}

/** Invites someone by e-mail; the link is e-mailed (or logged without SMTP) and returned to the admin. */
export async function createInvitation(
  ctx: RequestContext,
  input: { email: string; role: string },
  deps: { mailer: Mailer; baseUrl: string; workspaceName: string },
) {
  const [already] = await ctx.tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(users.email, input.email),
        eq(memberships.tenantId, ctx.actor.tenantId),
        eq(memberships.status, 'active'),
      ),
    );
  if (already) {
    throw new AppError('already_exists', 'This person is already a member', {
      errors: [{ field: 'email', code: 'already_member', message: 'Already a member of this workspace' }],
    });
  }
  // A new invitation replaces an open one for the same address.
  await ctx.tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(invitations.email, input.email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
    );
  const id = newId();
  const secret = randomSecret(32);
  const token = formatApiKey(ctx.actor.tenantId, id, secret).replace(/^gx_/, 'inv_');
  const [row] = await ctx.tx
    .insert(invitations)
    .values({
      tenantId: ctx.actor.tenantId,
      id,
      email: input.email,
      role: input.role,
      tokenHash: sha256(secret),
      invitedBy: ctx.actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning();
  await recordChange(ctx, {
    action: 'create',
    objectType: 'invitation',
    objectId: id,
    before: null,
    after: { email: input.email, role: input.role },
  });
  const inviteUrl = `${deps.baseUrl}/invite/${token}`;
  await deps.mailer.send({
    to: input.email,
    subject: `邀请加入 ${deps.workspaceName} / Invitation to ${deps.workspaceName} on Guanxi`,
    text: `您被邀请加入 Guanxi 工作区「${deps.workspaceName}」。\nYou are invited to join ${deps.workspaceName} on Guanxi.\n\n${inviteUrl}\n\n(${INVITATION_DAYS} 天内有效 / valid for ${INVITATION_DAYS} days)`,
  });
  return { ...present(row), inviteUrl };
}

export async function revokeInvitation(ctx: RequestContext, id: string): Promise<void> {
  const [row] = await ctx.tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), isNull(invitations.revokedAt), isNull(invitations.acceptedAt)))
    .returning();
  if (!row) throw notFound('Invitation');
  await recordChange(ctx, {
    action: 'revoke',
    objectType: 'invitation',
    objectId: id,
    before: { email: row.email },
    after: null,
  });
}
