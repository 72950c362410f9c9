import type { CustomFieldRow } from './custom-fields.repo';
import type { CustomFieldResponse } from './custom-fields.schemas';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The one place a custom field row becomes an API object. */
export function presentCustomField(row: CustomFieldRow): CustomFieldResponse {
  return {
    id: row.id,
    objectType: row.objectType,
    key: row.key,
    type: row.type,
    labelZh: row.labelZh,
    labelEn: row.labelEn,
    required: row.required,
    unique: row.isUnique,
    options: row.options ?? null,
    lookupTarget: row.lookupTarget,
    position: row.position,
    archivedAt: row.archivedAt ? iso(row.archivedAt) : null,
    version: row.version,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
