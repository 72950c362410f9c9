import { readdirSync, readFileSync } from 'node:fs';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Tree = { [key: string]: string | Tree };

const readJson = (url: URL): Tree => JSON.parse(readFileSync(url, 'utf8'));

/** Merges key by key, as the app does, so two files may both add to e.g. `settings`. */
function deepMerge(target: Tree, source: Tree): Tree {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] =
      typeof value === 'object' && typeof current === 'object' ? deepMerge({ ...current }, value) : value;
  }
  return target;
}

/** The shared texts plus each module's own (`src/web/modules/<module>/i18n/<locale>.json`), as the app merges them. */
function load(locale: Locale): Tree {
  const tree = readJson(new URL(`../../src/web/i18n/${locale}.json`, import.meta.url));
  const modules = new URL('../../src/web/modules/', import.meta.url);
  for (const name of readdirSync(modules)) {
    try {
      deepMerge(tree, readJson(new URL(`${name}/i18n/${locale}.json`, modules)));
    } catch {
      // this module keeps no texts of its own
    }
  }
  return tree;
}

const resources: Record<Locale, Tree> = { 'zh-CN': load('zh-CN'), en: load('en') };

/** The app's own text for `key` in `locale`, so tests find elements the way a user reads them. */
export function text(locale: Locale, key: string, vars: Record<string, string> = {}): string {
  let node: string | Tree | undefined = resources[locale];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no ${locale} text for ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
}
