import { useTranslation } from 'react-i18next';
import type { ImportableField } from './imports.api';

/** A field's label in the UI language: the server's (custom fields too), else ours, else its key. */
export function useFieldLabel(fields: readonly ImportableField[]): (key: string) => string {
  const { t, i18n } = useTranslation();
  const zh = i18n.language === 'zh-CN';
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return (key) => {
    const f = byKey.get(key);
    if (f) return zh ? f.labelZh : f.labelEn;
    return t(`imports.fields.${key}`, { defaultValue: key });
  };
}
