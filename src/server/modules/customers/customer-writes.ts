import { ownsOrSees } from '../../platform/access/scope';
import { type FieldError, forbidden } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import { invalidInput } from './contact-input';
import type { CustomerObject, CustomFieldDef, CustomValueChecks } from './custom-field-values';
import { loadCustomFields } from './custom-fields.repo';
import * as repo from './customers.repo';

/** Workspace settings and metadata a contact or company request works with. */
export interface ObjectEnv {
  /** Default phone region. */
  region: string;
  /** Where calendar days of relative date filters are counted. */
  timeZone: string;
  customFields: CustomFieldDef[];
}

const ZONES: Record<string, string> = {
  CN: 'Asia/Shanghai',
  HK: 'Asia/Hong_Kong',
  MO: 'Asia/Macau',
  TW: 'Asia/Taipei',
  SG: 'Asia/Singapore',
  JP: 'Asia/Tokyo',
  KR: 'Asia/Seoul',
  GB: 'Europe/London',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
};

interface CachedEnv {
  metaVersion: number;
  region: string;
  customFields: CustomFieldDef[];
}

/** Per workspace and object type; an entry counts only while the workspace's meta_version matches. */
const envCache = new Map<string, CachedEnv>();
const MAX_CACHED = 10_000;

/**
 * Loads the workspace region and the object's live custom fields: from the per-process cache when
 * the actor's workspace is still at the `meta_version` read when it authenticated (no statement),
 * else from the database (two statements, one round trip) into the cache.
 */
export async function loadObjectEnv(ctx: RequestContext, objectType: CustomerObject): Promise<ObjectEnv> {
  const { tenantId, metaVersion } = ctx.actor;
  const key = `${tenantId}:${objectType}`;
  const cached = envCache.get(key);
  if (cached && metaVersion !== undefined && cached.metaVersion === metaVersion) {
    return {
      region: cached.region,
      timeZone: ZONES[cached.region] ?? 'UTC',
      customFields: cached.customFields,
    };
  }
  // Issued together: postgres.js pipelines them on the transaction's connection (one round trip).
  const [meta, customFields] = await Promise.all([
    repo.findWorkspaceMeta(ctx.tx, tenantId),
    loadCustomFields(ctx.tx, objectType),
  ]);
  if (meta.metaVersion !== null) {
    if (envCache.size >= MAX_CACHED) envCache.clear();
    // Tagged with the version read now, not the actor's: a long job's actor may be older.
    envCache.set(key, {
      metaVersion: meta.metaVersion,
      region: meta.region,
      customFields: Object.freeze(customFields) as CustomFieldDef[],
    });
  }
  return { region: meta.region, timeZone: ZONES[meta.region] ?? 'UTC', customFields };
}

/** Checks that `ownerId` is an active member the actor may hand records to. */
export async function checkOwner(ctx: RequestContext, ownerId: string | null | undefined): Promise<void> {
  if (ownerId === null || ownerId === undefined) return;
  if (!ownsOrSees(ctx.actor, ownerId)) throw forbidden('You cannot assign records to that user');
  // The actor's own active membership was checked when the request was authenticated.
  if (ownerId === ctx.actor.userId) return;
  const members = await repo.findActiveMemberIds(ctx.tx, ctx.actor.tenantId, [ownerId]);
  if (!members.has(ownerId))
    throw invalidInput([
      { field: 'ownerId', code: 'unknown_user', message: 'No active member with this id' },
    ]);
}

/**
 * Runs the checks of custom values that need the database: `user` values are members, `lookup`
 * values are live records, unique values are held by no other live record.
 */
export async function verifyCustomChecks(
  ctx: RequestContext,
  objectType: CustomerObject,
  checks: CustomValueChecks,
  selfId: string | undefined,
): Promise<void> {
  const errors: FieldError[] = [];
  const members = await repo.findActiveMemberIds(
    ctx.tx,
    ctx.actor.tenantId,
    checks.users.map((u) => u.id),
  );
  for (const u of checks.users) {
    if (!members.has(u.id))
      errors.push({ field: u.field, code: 'unknown_user', message: 'No active member with this id' });
  }
  for (const l of checks.lookups) {
    const found = await repo.findLiveRecordIds(ctx.tx, l.target as CustomerObject, [l.id]);
    if (!found.has(l.id))
      errors.push({ field: l.field, code: 'unknown_record', message: `No ${l.target} with this id` });
  }
  for (const u of checks.unique) {
    await repo.lockCustomValue(ctx.tx, objectType, u.key, u.value);
    const holder = await repo.findCustomValueHolder(ctx.tx, objectType, u.key, u.value, selfId);
    if (holder)
      errors.push({
        field: u.field,
        code: 'not_unique',
        message: `Another ${objectType} already has this value`,
      });
  }
  if (errors.length > 0) throw invalidInput(errors);
}
