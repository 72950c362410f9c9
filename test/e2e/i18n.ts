import { readFileSync } from 'node:fs';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Tree = { [key: string]: string | Tree };

const resources: Record<Locale, Tree> = {
  'zh-CN': JSON.parse(readFileSync(new URL('../../src/web/i18n/zh-CN.json', import.meta.url), 'utf8')),
  en: JSON.parse(readFileSync(new URL('../../src/web/i18n/en.json', import.meta.url), 'utf8')),
};

/** The app's own text for `key` in `locale`, so tests find elements the way a user reads them. */
export function text(locale: Locale, key: string, vars: Record<string, string> = {}): string {
  let node: string | Tree | undefined = resources[locale];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no ${locale} text for ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
}
