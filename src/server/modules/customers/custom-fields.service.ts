import { recordChange } from '../../platform/audit/record-change';
import { newId } from '../../platform/db/ids';
import { AppError, type FieldError, invalid, notFound } from '../../platform/http/errors';
import type { RequestContext } from '../../platform/http/request-context';
import type { CustomerObject, CustomFieldType } from './custom-field-values';
import { presentCustomField } from './custom-fields.presenter';
import * as repo from './custom-fields.repo';
import type {
  CreateCustomFieldInput,
  CustomFieldResponse,
  UpdateCustomFieldInput,
} from './custom-fields.schemas';
import { RESERVED_KEYS } from './customers.metadata';
import { findSharedCustomValue } from './customers.repo';

const OBJECT = 'custom_field';
/** Types whose values can be held unique (a choice or a yes/no cannot). */
const UNIQUE_TYPES: ReadonlySet<CustomFieldType> = new Set([
  'text',
  'number',
  'currency',
  'date',
  'phone',
  'email',
  'url',
]);
/** Fields per object, so metadata and filters stay small enough to send on every page. */
const MAX_FIELDS = 200;

/** Rules that depend on the field's type: options for choices, a target for lookups, which can be unique. */
function checkShape(
  type: CustomFieldType,
  f: { options?: unknown[] | null; lookupTarget?: string | null; unique?: boolean },
): FieldError[] {
  const errors: FieldError[] = [];
  const choice = type === 'select' || type === 'multi_select';
  if (choice && !f.options?.length)
    errors.push({ field: 'options', code: 'required', message: 'A select field needs options' });
  if (!choice && f.options)
    errors.push({ field: 'options', code: 'not_allowed', message: `A ${type} field has no options` });
  if (type === 'lookup' && !f.lookupTarget)
    errors.push({ field: 'lookupTarget', code: 'required', message: 'A lookup field needs a target object' });
  if (type !== 'lookup' && f.lookupTarget)
    errors.push({ field: 'lookupTarget', code: 'not_allowed', message: 'Only lookup fields have a target' });
  if (f.unique && !UNIQUE_TYPES.has(type))
    errors.push({ field: 'unique', code: 'not_allowed', message: `A ${type} field cannot be unique` });
  return errors;
}

/** Refuses to make a field unique while two live records share a value. */
async function checkUniqueHolds(ctx: RequestContext, objectType: CustomerObject, key: string): Promise<void> {
  const shared = await findSharedCustomValue(ctx.tx, objectType, key);
  if (shared !== undefined) {
    throw new AppError(
      'conflict',
      `Several records already share the value ${JSON.stringify(shared)}; make them distinct first`,
      {
        errors: [
          {
            field: 'unique',
            code: 'values_not_unique',
            message: `Value ${JSON.stringify(shared)} is used more than once`,
          },
        ],
      },
    );
  }
}

/** Custom fields of the workspace, optionally of one object and with archived ones. */
export async function listCustomFields(
  ctx: RequestContext,
  query: { objectType?: CustomerObject; archived: boolean },
): Promise<{ data: CustomFieldResponse[] }> {
  const rows = await repo.listAllCustomFields(ctx.tx, query.objectType);
  return { data: rows.filter((r) => query.archived || !r.archivedAt).map(presentCustomField) };
}

/** Defines a new custom field. No table changes: values live in each record's `custom`. */
export async function createCustomField(
  ctx: RequestContext,
  input: CreateCustomFieldInput,
): Promise<CustomFieldResponse> {
  const errors = checkShape(input.type, input);
  if (RESERVED_KEYS.has(input.key))
    errors.push({ field: 'key', code: 'reserved', message: `"${input.key}" is a standard field` });
  if (errors.length > 0) throw invalid(errors);
  if (await repo.customFieldKeyExists(ctx.tx, input.objectType, input.key)) {
    throw new AppError(
      'already_exists',
      `A ${input.objectType} field with key "${input.key}" exists (perhaps archived)`,
      {
        errors: [{ field: 'key', code: 'already_exists', message: 'This key is taken' }],
      },
    );
  }
  const position = await repo.nextCustomFieldPosition(ctx.tx, input.objectType);
  if (position >= MAX_FIELDS)
    throw new AppError('conflict', `An object has at most ${MAX_FIELDS} custom fields`);
  if (input.unique) await checkUniqueHolds(ctx, input.objectType, input.key);
  const row = await repo.insertCustomField(ctx.tx, {
    tenantId: ctx.actor.tenantId,
    id: newId(),
    objectType: input.objectType,
    key: input.key,
    type: input.type,
    labelZh: input.labelZh,
    labelEn: input.labelEn,
    required: input.required,
    isUnique: input.unique,
    options: input.options ?? null,
    lookupTarget: input.lookupTarget ?? null,
    position,
  });
  const after = presentCustomField(row);
  await recordChange(ctx, {
    action: 'create',
    objectType: OBJECT,
    objectId: row.id,
    before: null,
    after,
    event: 'custom_field.created',
  });
  return after;
}

function stale(current: repo.CustomFieldRow): AppError {
  return new AppError(
    'precondition_failed',
    'This field was changed by someone else; reload it and apply your change again',
    {
      extra: { current: presentCustomField(current) },
      headers: { etag: `W/"${current.version}"` },
    },
  );
}

async function load(ctx: RequestContext, id: string): Promise<repo.CustomFieldRow> {
  const row = await repo.findCustomField(ctx.tx, id);
  if (!row) throw notFound('Custom field');
  return row;
}

/** Relabels a field, changes its rules or options. Removing an option keeps stored values until edited. */
export async function updateCustomField(
  ctx: RequestContext,
  id: string,
  input: UpdateCustomFieldInput,
  expectedVersion: number | undefined,
): Promise<CustomFieldResponse> {
  const current = await load(ctx, id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw stale(current);
  const type = current.type as CustomFieldType;
  const errors = checkShape(type, {
    options: input.options ?? current.options,
    lookupTarget: current.lookupTarget,
    unique: input.unique ?? current.isUnique,
  });
  if (errors.length > 0) throw invalid(errors);
  if (input.unique && !current.isUnique)
    await checkUniqueHolds(ctx, current.objectType as CustomerObject, current.key);
  const { unique, ...rest } = input;
  const row = await repo.updateCustomFieldRow(
    ctx.tx,
    id,
    { ...rest, ...(unique === undefined ? {} : { isUnique: unique }) },
    current.version,
  );
  if (!row) throw stale((await repo.findCustomField(ctx.tx, id)) ?? current);
  const after = presentCustomField(row);
  await recordChange(ctx, {
    action: 'update',
    objectType: OBJECT,
    objectId: id,
    before: presentCustomField(current),
    after,
    event: 'custom_field.updated',
  });
  return after;
}

/**
 * Archives a field: it leaves forms, filters and metadata, its values stay in the records (and come
 * back with {@link restoreCustomField}); its key stays taken.
 */
export async function archiveCustomField(
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
): Promise<void> {
  const current = await load(ctx, id);
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw stale(current);
  if (current.archivedAt) return;
  const row = await repo.updateCustomFieldRow(ctx.tx, id, { archivedAt: new Date() }, current.version);
  if (!row) throw stale(current);
  await recordChange(ctx, {
    action: 'delete',
    objectType: OBJECT,
    objectId: id,
    before: presentCustomField(current),
    after: presentCustomField(row),
    event: 'custom_field.archived',
  });
}

/** Brings an archived field back with the values records still hold. */
export async function restoreCustomField(ctx: RequestContext, id: string): Promise<CustomFieldResponse> {
  const current = await load(ctx, id);
  if (!current.archivedAt) return presentCustomField(current);
  if (current.isUnique) await checkUniqueHolds(ctx, current.objectType as CustomerObject, current.key);
  const row = await repo.updateCustomFieldRow(ctx.tx, id, { archivedAt: null }, current.version);
  if (!row) throw stale(current);
  const after = presentCustomField(row);
  await recordChange(ctx, {
    action: 'restore',
    objectType: OBJECT,
    objectId: id,
    before: presentCustomField(current),
    after,
    event: 'custom_field.restored',
  });
  return after;
}
