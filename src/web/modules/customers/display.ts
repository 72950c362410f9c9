import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { formatPhone } from '../../lib/phone';
import { type FieldMeta, useLabels, useUserName } from './metadata.api';
import type { CustomerRecord } from './records.api';

const REGION_KEYS: Record<string, 'province' | 'city' | 'district'> = {
  provinceCode: 'province',
  cityCode: 'city',
  districtCode: 'district',
};

type Address = Record<string, string | null | undefined>;

/** The raw value of a field on a record (custom fields live under `custom`). */
export function rawValue(field: Pick<FieldMeta, 'key' | 'source'>, record: CustomerRecord): unknown {
  return field.source === 'custom' ? record.custom?.[field.key] : record[field.key];
}

function regionName(record: CustomerRecord, key: string): string | null {
  const part = REGION_KEYS[key];
  const code = record[key];
  if (!part || !code) return null;
  const addresses = [record.address, ...((record.addresses as Address[] | undefined) ?? [])] as (
    | Address
    | null
    | undefined
  )[];
  const match = addresses.find((a) => a && a[`${part}Code`] === code);
  return match?.[part] ?? String(code);
}

/** Turns field values into text for lists and profiles, in the language shown. */
export function useDisplay() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const labels = useLabels();
  const userName = useUserName();
  return useCallback(
    (field: FieldMeta, record: CustomerRecord): string => {
      if (field.key in REGION_KEYS && field.source === 'standard') return regionName(record, field.key) ?? '';
      const value = rawValue(field, record);
      if (value === null || value === undefined || value === '') return '';
      switch (field.type) {
        case 'phone':
          return formatPhone(String(value));
        case 'date':
          return fmt.date(`${value}T00:00:00`);
        case 'datetime':
          return fmt.dateTime(String(value));
        case 'number':
          return Number.isFinite(Number(value)) ? fmt.number(Number(value)) : String(value);
        case 'currency':
          return Number.isFinite(Number(value))
            ? new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2 }).format(Number(value))
            : String(value);
        case 'boolean':
          return value ? t('records.yes') : t('records.no');
        case 'select':
          return labels.option(field, String(value));
        case 'multi_select':
          return Array.isArray(value) ? value.map((v) => labels.option(field, String(v))).join(', ') : '';
        case 'user':
          return userName(String(value)) || '—';
        case 'lookup':
          return field.key === 'primaryCompanyId' ? String(record.companyName ?? '') : String(value);
        default:
          return String(value);
      }
    },
    [t, i18n, fmt, labels, userName],
  );
}
