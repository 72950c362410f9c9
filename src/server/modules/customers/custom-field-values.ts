import type { CountryCode } from 'libphonenumber-js/max';
import { isIsoDate, isUuid } from '../../../shared/filter';
import type { FieldError } from '../../platform/http/errors';
import { normalizeEmail, normalizePhone } from './normalize';

/** Types an admin can give a custom field (the filter language's types minus `datetime`). */
export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'currency',
  'date',
  'select',
  'multi_select',
  'boolean',
  'phone',
  'email',
  'url',
  'user',
  'lookup',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

/** Objects that carry custom fields, and that a `lookup` field may point at. */
export const CUSTOMER_OBJECTS = ['contact', 'company'] as const;
export type CustomerObject = (typeof CUSTOMER_OBJECTS)[number];

/** One option of a select / multi-select field. */
export interface CustomFieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

/** A custom field's definition, as validation and the filter compiler need it. */
export interface CustomFieldDef {
  id: string;
  objectType: string;
  key: string;
  type: CustomFieldType;
  labelZh: string;
  labelEn: string;
  required: boolean;
  isUnique: boolean;
  options: CustomFieldOption[] | null;
  /** For `lookup`: the object type the value points at. */
  lookupTarget: string | null;
  position: number;
  archivedAt: Date | null;
}

/** Values that can only be checked against the database: members, linked records, uniqueness. */
export interface CustomValueChecks {
  /** `user` fields: user ids that must be members of the workspace. */
  users: Array<{ field: string; id: string }>;
  /** `lookup` fields: ids that must be live records of `target`. */
  lookups: Array<{ field: string; target: string; id: string }>;
  /** Unique fields: no other live record may hold the same value. */
  unique: Array<{ field: string; key: string; value: string | number | boolean }>;
}

const MAX_TEXT = 2000;
const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;

/** Whether a value counts as "no value" for a custom field. */
export function isEmptyCustomValue(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

type Check = { ok: true; value: unknown } | { ok: false; code: string; message: string };

const bad = (code: string, message: string): Check => ({ ok: false, code, message });

/** Validates and normalizes one non-empty value of a custom field into its stored JSON form. */
export function normalizeCustomValue(def: CustomFieldDef, raw: unknown, region: string): Check {
  switch (def.type) {
    case 'text': {
      if (typeof raw !== 'string') return bad('invalid_type', 'Expected text');
      const v = raw.trim();
      if (v.length > MAX_TEXT) return bad('too_long', `At most ${MAX_TEXT} characters`);
      return { ok: true, value: v };
    }
    case 'number': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw.trim())
            : Number.NaN;
      if (!Number.isFinite(n)) return bad('invalid_number', 'Expected a number');
      return { ok: true, value: n };
    }
    case 'currency': {
      const text =
        typeof raw === 'number' && Number.isFinite(raw)
          ? String(raw)
          : typeof raw === 'string'
            ? raw.trim().replace(/,/g, '')
            : '';
      if (!DECIMAL.test(text)) return bad('invalid_amount', 'Expected an amount such as "1999.00"');
      return { ok: true, value: text };
    }
    case 'date':
      if (typeof raw !== 'string' || !isIsoDate(raw.trim()))
        return bad('invalid_date', 'Expected a date written YYYY-MM-DD');
      return { ok: true, value: raw.trim() };
    case 'boolean':
      if (typeof raw !== 'boolean') return bad('invalid_type', 'Expected true or false');
      return { ok: true, value: raw };
    case 'select': {
      if (typeof raw !== 'string') return bad('invalid_type', 'Expected one of the options');
      const options = def.options ?? [];
      if (!options.some((o) => o.value === raw)) {
        return bad(
          'invalid_option',
          `"${raw}" is not an option; use one of: ${options.map((o) => o.value).join(', ')}`,
        );
      }
      return { ok: true, value: raw };
    }
    case 'multi_select': {
      if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string'))
        return bad('invalid_type', 'Expected a list of options');
      const options = def.options ?? [];
      const unknown = raw.find((x) => !options.some((o) => o.value === x));
      if (unknown !== undefined)
        return bad(
          'invalid_option',
          `"${unknown}" is not an option; use any of: ${options.map((o) => o.value).join(', ')}`,
        );
      return { ok: true, value: [...new Set(raw as string[])] };
    }
    case 'phone': {
      if (typeof raw !== 'string') return bad('invalid_type', 'Expected a phone number');
      const r = normalizePhone(raw, region as CountryCode);
      return r.ok ? { ok: true, value: r.value.e164 } : bad(r.error.code, r.error.message);
    }
    case 'email': {
      if (typeof raw !== 'string') return bad('invalid_type', 'Expected an e-mail address');
      const r = normalizeEmail(raw);
      return r.ok ? { ok: true, value: r.value } : bad(r.error.code, r.error.message);
    }
    case 'url': {
      if (typeof raw !== 'string') return bad('invalid_type', 'Expected a web address');
      const url = normalizeUrl(raw);
      return url ? { ok: true, value: url } : bad('invalid_url', `"${raw}" is not a web address`);
    }
    case 'user':
    case 'lookup':
      if (typeof raw !== 'string' || !isUuid(raw))
        return bad('invalid_id', def.type === 'user' ? 'Expected a user id' : 'Expected a record id');
      return { ok: true, value: raw.toLowerCase() };
  }
}

/** `example.com` → `https://example.com`; null when it is not an http(s) address. */
export function normalizeUrl(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 2000) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname.includes('.')) return null;
    // A bare host is kept without the trailing slash URL adds: `https://example.com`.
    return url.pathname === '/' && !url.search && !url.hash ? url.href.replace(/\/$/, '') : url.href;
  } catch {
    return null;
  }
}

/**
 * Validates the `custom` part of a write against the object's live field definitions.
 * On create every field is checked (required ones must have a value). On update (`current` given)
 * `input` patches `current`: only the keys it names are checked, so a later rule (a new required
 * field, a removed option) never blocks an unrelated edit; `null` clears a value. Unknown keys are
 * errors. Returns the stored object, the per-field errors (paths `custom.<key>`) and the checks
 * that need the database.
 */
export function validateCustomValues(
  input: Record<string, unknown> | undefined,
  defs: readonly CustomFieldDef[],
  options: { region: string; current?: Record<string, unknown> },
): { values: Record<string, unknown>; errors: FieldError[]; checks: CustomValueChecks } {
  const errors: FieldError[] = [];
  const checks: CustomValueChecks = { users: [], lookups: [], unique: [] };
  const live = defs.filter((d) => !d.archivedAt);
  const byKey = new Map(live.map((d) => [d.key, d]));
  const values: Record<string, unknown> = { ...(options.current ?? {}) };
  const given = input ?? {};
  for (const key of Object.keys(given)) {
    if (!byKey.has(key))
      errors.push({
        field: `custom.${key}`,
        code: 'unknown_field',
        message: `Unknown custom field "${key}"`,
      });
  }
  const updating = options.current !== undefined;
  for (const def of live) {
    const field = `custom.${def.key}`;
    const touched = Object.hasOwn(given, def.key);
    if (updating && !touched) continue;
    const raw = given[def.key];
    if (isEmptyCustomValue(raw)) {
      delete values[def.key];
      if (def.required)
        errors.push({ field, code: 'required', message: `${def.labelEn} (${def.labelZh}) is required` });
      continue;
    }
    const result = normalizeCustomValue(def, raw, options.region);
    if (!result.ok) {
      errors.push({ field, code: result.code, message: result.message });
      continue;
    }
    values[def.key] = result.value;
    const v = result.value;
    if (def.type === 'user') checks.users.push({ field, id: v as string });
    if (def.type === 'lookup' && def.lookupTarget)
      checks.lookups.push({ field, target: def.lookupTarget, id: v as string });
    if (def.isUnique && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      checks.unique.push({ field, key: def.key, value: v });
    }
  }
  return { values, errors, checks };
}
