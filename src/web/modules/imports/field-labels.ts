import { useTranslation } from 'react-i18next';
import type { ImportableField } from './imports.api';

/**
 * A field's label in the UI language: ours for the standard fields, the server's for custom fields
 * (their labels are set by the workspace), else the key itself.
 */
export function useFieldLabel(fields: readonly ImportableField[]): (key: string) => string {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return (key) => {
    const own = t(`imports.fields.${key}`, { defaultValue: '' });
    if (own) return own;
    const f = byKey.get(key);
    if (f) return (zh ? f.labelZh : f.labelEn) || key;
    return key;
  };
}
