import type { FieldError } from '../../../platform/http/errors';
import type { ContactCreateInput } from '../contact-input';
import type { CustomFieldDef } from '../custom-field-values';
import { CONTACT_IMPORT_FIELDS, type ImportField } from '../import';

/** Which field each column feeds: column index (as a string) → field key. Unmapped columns are ignored. */
export type ColumnMapping = Record<string, string>;

/** One contact as read from a row: the API input, plus the company named in it. */
export interface MappedRow {
  input: ContactCreateInput & { custom?: Record<string, unknown> };
  companyName: string | null;
}

/** The workspace's custom fields as import targets, matched by their zh and en labels. */
export function customImportFields(customFields: readonly CustomFieldDef[]): ImportField[] {
  return customFields.map((f) => ({
    key: f.key,
    labels: { zh: f.labelZh, en: f.labelEn },
    multiple: f.type === 'multi_select',
  }));
}

/** The fields a contact import can fill: the standard ones, then the workspace's custom fields. */
export function contactImportFields(customFields: readonly CustomFieldDef[]): ImportField[] {
  return [...CONTACT_IMPORT_FIELDS, ...customImportFields(customFields)];
}

/** Checks a mapping against the file's columns and the importable fields; every problem is listed. */
export function validateMapping(
  mapping: ColumnMapping,
  columnCount: number,
  fields: readonly ImportField[],
): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const used = new Map<string, string>();
  for (const [column, key] of Object.entries(mapping)) {
    if (!key) continue;
    const index = Number(column);
    if (!Number.isInteger(index) || index < 0 || index >= columnCount) {
      errors.push({
        field: `mapping.${column}`,
        code: 'unknown_column',
        message: `The file has no column ${column}`,
      });
      continue;
    }
    const field = byKey.get(key);
    if (!field) {
      errors.push({
        field: `mapping.${column}`,
        code: 'unknown_field',
        message: `"${key}" is not a field a contact import can fill`,
      });
      continue;
    }
    const earlier = used.get(key);
    if (earlier !== undefined && !field.multiple) {
      errors.push({
        field: `mapping.${column}`,
        code: 'mapped_twice',
        message: `"${key}" is already filled from column ${earlier}`,
      });
    }
    used.set(key, column);
  }
  if (!used.has('name'))
    errors.push({
      field: 'mapping',
      code: 'name_unmapped',
      message: 'Choose the column that holds the name',
    });
  return errors;
}

const LIST_SEPARATORS = /[,;，；、|\n]+/u;
const EMAIL_SEPARATORS = /[,;，；、|\s]+/u;

const GENDERS: Record<string, string> = {
  男: 'male',
  男性: 'male',
  先生: 'male',
  m: 'male',
  male: 'male',
  女: 'female',
  女性: 'female',
  女士: 'female',
  f: 'female',
  female: 'female',
  其他: 'other',
  other: 'other',
  未知: 'unknown',
  unknown: 'unknown',
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '对', '有', '√', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '不', '无', '']);

/**
 * Dates as spreadsheets write them, to `YYYY-MM-DD`: `1990-5-17`, `1990/05/17`, `1990.5.17`,
 * `1990年5月17日`, `19900517`. Anything else is returned as given, for validation to report.
 */
export function normalizeDateText(text: string): string {
  const t = text.trim();
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return t;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

function customValue(def: CustomFieldDef, text: string): unknown {
  const option = (t: string) => {
    const lower = t.trim().toLowerCase();
    const found = (def.options ?? []).find(
      (o) => o.value.toLowerCase() === lower || o.labelZh === t.trim() || o.labelEn.toLowerCase() === lower,
    );
    return found ? found.value : t.trim();
  };
  switch (def.type) {
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
      return text;
    }
    case 'select':
      return option(text);
    case 'multi_select':
      return text
        .split(LIST_SEPARATORS)
        .map((s) => s.trim())
        .filter(Boolean)
        .map(option);
    case 'date':
      return normalizeDateText(text);
    default:
      return text.trim();
  }
}

/**
 * Turns one row of cells into the same input `POST /contacts` takes, so an import runs through the
 * API's validation and normalization. Empty cells are absent; phone, e-mail and tag cells may hold
 * several values; province/city/district columns and an address column form one address.
 */
export function mapRow(
  cells: readonly string[],
  mapping: ColumnMapping,
  customByKey: ReadonlyMap<string, CustomFieldDef>,
): MappedRow {
  const input: MappedRow['input'] = { name: '' };
  let companyName: string | null = null;
  const phones: string[] = [];
  const emails: string[] = [];
  const tags: string[] = [];
  const place: { province?: string; city?: string; district?: string; street?: string } = {};
  const custom: Record<string, unknown> = {};
  for (const [column, key] of Object.entries(mapping)) {
    const text = (cells[Number(column)] ?? '').trim();
    if (!key || !text) continue;
    switch (key) {
      case 'name':
        input.name = text;
        break;
      case 'phone':
        phones.push(
          ...text
            .split(LIST_SEPARATORS)
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case 'email':
        emails.push(
          ...text
            .split(EMAIL_SEPARATORS)
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case 'tags':
        tags.push(
          ...text
            .split(LIST_SEPARATORS)
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case 'company':
        companyName = text;
        break;
      case 'title':
        input.title = text;
        break;
      case 'source':
        input.source = text;
        break;
      case 'notes':
        input.notes = text;
        break;
      case 'birthday':
        input.birthday = normalizeDateText(text);
        break;
      case 'gender':
        input.gender = (GENDERS[text.toLowerCase()] ?? text) as ContactCreateInput['gender'];
        break;
      case 'address':
        place.street = text;
        break;
      case 'province':
      case 'city':
      case 'district':
        place[key] = text;
        break;
      default: {
        const def = customByKey.get(key);
        if (!def) break;
        const value = customValue(def, text);
        const previous = custom[key];
        custom[key] = Array.isArray(previous) && Array.isArray(value) ? [...previous, ...value] : value;
      }
    }
  }
  if (phones.length > 0) input.phones = phones.map((number) => ({ type: 'mobile', number }));
  if (emails.length > 0) input.emails = emails.map((address) => ({ type: 'work', address }));
  if (tags.length > 0) input.tags = tags;
  if (place.province || place.city || place.district) {
    input.addresses = [
      {
        type: 'work',
        province: place.province,
        city: place.city,
        district: place.district,
        street: place.street,
      },
    ];
  } else if (place.street) {
    input.addresses = [place.street];
  }
  if (Object.keys(custom).length > 0) input.custom = custom;
  return { input, companyName };
}

/**
 * Folds a later row about the same person into an earlier one (dedup policy `update`): later
 * non-empty values win, phones, e-mails and tags are united.
 */
export function mergeRows(a: MappedRow, b: MappedRow): MappedRow {
  const union = <T>(x: T[] | undefined, y: T[] | undefined, key: (v: T) => string) => {
    const out = [...(x ?? [])];
    for (const v of y ?? []) if (!out.some((o) => key(o) === key(v))) out.push(v);
    return out.length > 0 ? out : undefined;
  };
  const input = { ...a.input, ...b.input };
  input.phones = union(a.input.phones, b.input.phones, (p) => p.number);
  input.emails = union(a.input.emails, b.input.emails, (e) => e.address.toLowerCase());
  input.tags = union(a.input.tags, b.input.tags, (t) => t);
  if (a.input.custom || b.input.custom) input.custom = { ...a.input.custom, ...b.input.custom };
  for (const k of Object.keys(input) as Array<keyof typeof input>)
    if (input[k] === undefined) delete input[k];
  return { input, companyName: b.companyName ?? a.companyName };
}
