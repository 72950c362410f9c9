import type { FieldError } from '../../platform/http/errors';
import type { CustomerObject, CustomFieldDef } from './custom-field-values';
import { describeFields, type FieldMetadata } from './customers.metadata';
import type { StoredAddress } from './customers.schema';
import { regionPath } from './normalize';

/** Languages of export headers and values. */
export type ExportLocale = 'zh-CN' | 'en';

/** One column of an export: its key, its header in the reader's language, and how a record fills it. */
export interface ExportColumn {
  key: string;
  header: string;
  value(record: Record<string, unknown>): string;
}

/** What formatting needs besides the record: member names for user fields. */
export interface ExportContext {
  locale: ExportLocale;
  memberNames: ReadonlyMap<string, string>;
}

/** Columns only an export has: every phone / e-mail, and the first address written out. */
const EXTRA: Record<
  CustomerObject,
  Array<{ key: string; labelZh: string; labelEn: string; after: string }>
> = {
  contact: [
    { key: 'phones', labelZh: '全部电话', labelEn: 'All phones', after: 'email' },
    { key: 'emails', labelZh: '全部邮箱', labelEn: 'All e-mails', after: 'phones' },
    { key: 'address', labelZh: '地址', labelEn: 'Address', after: 'districtCode' },
  ],
  company: [
    { key: 'phones', labelZh: '电话', labelEn: 'Phones', after: 'website' },
    { key: 'address', labelZh: '地址', labelEn: 'Address', after: 'districtCode' },
  ],
};

/** Fields that mean nothing outside the app (ids of linked records). */
const HIDDEN_BY_DEFAULT = new Set(['primaryCompanyId']);

function addressText(a: StoredAddress | null | undefined): string {
  if (!a) return '';
  const parts =
    a.country === 'CN' || a.provinceCode
      ? [a.province, a.city, a.district, a.street]
      : [a.street, a.city, a.province, a.country];
  return parts.filter(Boolean).join(a.country === 'CN' || a.provinceCode ? '' : ', ');
}

function formatter(field: FieldMetadata, ctx: ExportContext): (v: unknown) => string {
  const zh = ctx.locale === 'zh-CN';
  const label = (value: string) => {
    const o = field.options?.find((x) => x.value === value);
    return o ? (zh ? o.labelZh : o.labelEn) : value;
  };
  const list = (items: string[]) => items.join(zh ? '、' : ', ');
  switch (field.type) {
    case 'user':
      return (v) => (typeof v === 'string' ? (ctx.memberNames.get(v) ?? v) : '');
    case 'select':
      return (v) => (typeof v === 'string' ? label(v) : '');
    case 'multi_select':
      return (v) => (Array.isArray(v) ? list(v.map(String).map(label)) : '');
    case 'boolean':
      return (v) => (v === true ? (zh ? '是' : 'yes') : v === false ? (zh ? '否' : 'no') : '');
    default:
      if (field.key.endsWith('Code'))
        return (v) => (typeof v === 'string' ? (regionPath(v).at(-1)?.name ?? v) : '');
      return (v) =>
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

/**
 * The columns of an export: `requested` keys in that order, or every field of the object (standard
 * first, then custom) plus the export-only ones. Unknown keys are listed as errors.
 */
export function exportColumns(
  objectType: CustomerObject,
  customFields: readonly CustomFieldDef[],
  requested: string[] | undefined,
  ctx: ExportContext,
): { columns: ExportColumn[]; errors: FieldError[] } {
  const zh = ctx.locale === 'zh-CN';
  const fields = describeFields(objectType, customFields);
  const all: ExportColumn[] = [{ key: 'id', header: 'ID', value: (r) => String(r.id) }];
  for (const f of fields) {
    const format = formatter(f, ctx);
    const read =
      f.source === 'custom'
        ? (r: Record<string, unknown>) => (r.custom as Record<string, unknown>)?.[f.key]
        : (r: Record<string, unknown>) => r[f.key];
    all.push({ key: f.key, header: zh ? f.labelZh : f.labelEn, value: (r) => format(read(r)) });
    for (const extra of EXTRA[objectType].filter((e) => e.after === f.key)) {
      all.push({
        key: extra.key,
        header: zh ? extra.labelZh : extra.labelEn,
        value: (r) => {
          if (extra.key === 'phones')
            return (r.phones as Array<{ number: string }>).map((p) => p.number).join('; ');
          if (extra.key === 'emails')
            return (r.emails as Array<{ address: string }>).map((e) => e.address).join('; ');
          const address =
            objectType === 'contact'
              ? (r.addresses as StoredAddress[])[0]
              : (r.address as StoredAddress | null);
          return addressText(address);
        },
      });
    }
  }
  if (!requested || requested.length === 0)
    return { columns: all.filter((c) => !HIDDEN_BY_DEFAULT.has(c.key)), errors: [] };
  const byKey = new Map(all.map((c) => [c.key, c]));
  const errors: FieldError[] = requested
    .filter((k) => !byKey.has(k))
    .map((k) => ({ field: 'columns', code: 'unknown_field', message: `Unknown column "${k}"` }));
  return { columns: requested.filter((k) => byKey.has(k)).map((k) => byKey.get(k) as ExportColumn), errors };
}
