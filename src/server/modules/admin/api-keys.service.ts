import { and, desc, eq, isNull } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/record-change';
import { apiKeys } from '../../platform/auth/schema';
import { formatApiKey, randomSecret, sha256 } from '../../platform/auth/secrets';
import { newId } from '../../platform/db/ids';
import { notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Creates an API key acting as the calling user; the full key is returned once and never again. */
export async function createApiKey(ctx: RequestContext, name: string) {
  const id = newId();
  const secret = randomSecret(32);
  const key = formatApiKey(ctx.actor.tenantId, id, secret);
  const prefix = key.slice(0, 12);
  await ctx.tx.insert(apiKeys).values({
    tenantId: ctx.actor.tenantId,
    id,
    userId: ctx.actor.userId,
    name,
    prefix,
    secretHash: sha256(secret),
  });
  await recordChange(ctx, {
    action: 'create',
    objectType: 'api_key',
    objectId: id,
    before: null,
    after: { name, prefix },
  });
  return { id, name, prefix, key };
}

export async function listApiKeys(ctx: RequestContext) {
  const rows = await ctx.tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: iso(r.lastUsedAt),
    revokedAt: iso(r.revokedAt),
  }));
}

export async function revokeApiKey(ctx: RequestContext, id: string): Promise<void> {
  const [row] = await ctx.tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) throw notFound('API key');
  await recordChange(ctx, {
    action: 'revoke',
    objectType: 'api_key',
    objectId: id,
    before: { name: row.name },
    after: null,
  });
}
